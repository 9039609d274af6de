using System.Runtime.CompilerServices;
using WebMoneyContract;

namespace Gateway.WebMoney;

/// <summary>
/// The one decorator around the WebMoney clients: hands out, for each client the inner factory makes, a wrapper that
/// tells every <see cref="IWebMoneyCallObserver"/> about each call. Registered once (AddWebMoney); the features
/// subscribe by registering an observer, so no AddX() re-wraps the factory and the order of the AddX() calls does not matter.
/// </summary>
public sealed class ObservedWebMoneyClientFactory(IWebMoneyClientFactory inner, IEnumerable<IWebMoneyCallObserver> observers) : IWebMoneyClientFactory
{
    private readonly IWebMoneyCallObserver[] _observers = [.. observers];
    private readonly ConditionalWeakTable<IWebMoneyClient, ObservedWebMoneyClient> _wrappers = [];

    public IWebMoneyClient GetClient(WebMoneyConnection connection) =>
        _wrappers.GetValue(inner.GetClient(connection), c => new ObservedWebMoneyClient(c, _observers, connection.Settings.PosNumber));
}

/// <summary>One client, observed: each call goes to the inner client between its observers' begin and end.</summary>
public sealed class ObservedWebMoneyClient(IWebMoneyClient inner, IReadOnlyList<IWebMoneyCallObserver> observers, string? posNumber = null) : IWebMoneyClient
{
    public IWebMoneyClient Inner => inner;

    public Task<WebMoneyOutcome<QrCreated>> CreateQrPaymentAsync(CreateQrCommand command, TimeSpan timeout, CancellationToken cancellationToken) =>
        ObserveAsync(new(PosApi.CreateQrPayment, posNumber, PaymentId: command.ExternalId, Request: command),
            () => inner.CreateQrPaymentAsync(command, timeout, cancellationToken));

    public Task<WebMoneyOutcome<StatusAnswer>> GetPaymentStatusAsync(string transactionId, TimeSpan timeout, CancellationToken cancellationToken) =>
        ObserveAsync(new(PosApi.GetPaymentStatus, posNumber, TransactionId: transactionId),
            () => inner.GetPaymentStatusAsync(transactionId, timeout, cancellationToken));

    public Task<WebMoneyOutcome<CancelAnswer>> CancelPaymentAsync(string transactionId, TimeSpan timeout, CancellationToken cancellationToken) =>
        ObserveAsync(new(PosApi.CancelPayment, posNumber, TransactionId: transactionId),
            () => inner.CancelPaymentAsync(transactionId, timeout, cancellationToken));

    public Task<WebMoneyOutcome<RefundAnswer>> RefundPaymentAsync(RefundCommand command, TimeSpan timeout, CancellationToken cancellationToken) =>
        ObserveAsync(new(PosApi.RefundPayment, posNumber, TransactionId: command.TransactionId, Request: command),
            () => inner.RefundPaymentAsync(command, timeout, cancellationToken));

    public Task<WebMoneyOutcome<RefundStatusAnswer>> GetRefundStatusAsync(string refundTransactionId, TimeSpan timeout, CancellationToken cancellationToken) =>
        ObserveAsync(new(PosApi.GetRefundStatus, posNumber, Request: refundTransactionId),
            () => inner.GetRefundStatusAsync(refundTransactionId, timeout, cancellationToken));

    public Task<WebMoneyOutcome<TransactionList>> GetTransactionsAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan timeout, CancellationToken cancellationToken) =>
        ObserveAsync(new(PosApi.GetTransactions, posNumber),
            () => inner.GetTransactionsAsync(from, to, timeout, cancellationToken));

    private async Task<WebMoneyOutcome<T>> ObserveAsync<T>(WebMoneyCall call, Func<Task<WebMoneyOutcome<T>>> send)
    {
        // Begun in order, ended in reverse: a span one observer opens encloses what the others record.
        var scopes = new IWebMoneyCallScope?[observers.Count];
        for (var i = 0; i < scopes.Length; i++)
        {
            scopes[i] = observers[i].OnCall(call);
        }
        try
        {
            var outcome = await send();
            foreach (var scope in scopes)
            {
                scope?.OnAnswered(outcome);
            }
            return outcome;
        }
        catch (OperationCanceledException)
        {
            foreach (var scope in scopes)
            {
                scope?.OnAbandoned();
            }
            throw;
        }
        finally
        {
            for (var i = scopes.Length - 1; i >= 0; i--)
            {
                scopes[i]?.Dispose();
            }
        }
    }
}
