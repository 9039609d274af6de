using System.Diagnostics;
using Gateway.WebMoney;

namespace Gateway.Observability;

/// <summary>
/// Wraps every WebMoney call in a client span and the call metrics. Partial: an operation added to
/// <see cref="IWebMoneyClient"/> (in a partial file of its own) gets its one-line forwarder in a partial file
/// beside it (the primary constructor's parameter is not in scope there: use <see cref="Inner"/>), e.g.
/// <c>public Task&lt;WebMoneyOutcome&lt;X&gt;&gt; RefundPaymentAsync(RefundCommand c, TimeSpan t, CancellationToken ct) =&gt;
/// MeasureAsync("RefundPayment", null, () =&gt; Inner.RefundPaymentAsync(c, t, ct));</c>
/// </summary>
public sealed partial class InstrumentedWebMoneyClient(IWebMoneyClient inner, string? posNumber = null) : IWebMoneyClient
{
    public IWebMoneyClient Inner => inner;

    /// <summary>The PosNumber of the identity this client signs as (the <c>pos_number</c> label), when known.</summary>
    public string? PosNumber => posNumber;

    public Task<WebMoneyOutcome<QrCreated>> CreateQrPaymentAsync(CreateQrCommand command, TimeSpan timeout, CancellationToken cancellationToken) =>
        MeasureAsync("CreateQrPayment", null, () => inner.CreateQrPaymentAsync(command, timeout, cancellationToken), command.ExternalId);

    public Task<WebMoneyOutcome<StatusAnswer>> GetPaymentStatusAsync(string transactionId, TimeSpan timeout, CancellationToken cancellationToken) =>
        MeasureAsync("GetPaymentStatus", transactionId, () => inner.GetPaymentStatusAsync(transactionId, timeout, cancellationToken));

    public Task<WebMoneyOutcome<CancelAnswer>> CancelPaymentAsync(string transactionId, TimeSpan timeout, CancellationToken cancellationToken) =>
        MeasureAsync("CancelPayment", transactionId, () => inner.CancelPaymentAsync(transactionId, timeout, cancellationToken));

    /// <param name="operation">The SOAP operation's name, the <c>operation</c> label.</param>
    /// <param name="transactionId">Put on the span when the call concerns a known transaction.</param>
    /// <param name="call">The inner call.</param>
    /// <param name="paymentId">Put on the span when the call carries the payment's id (ExternalId).</param>
    private async Task<WebMoneyOutcome<T>> MeasureAsync<T>(string operation, string? transactionId, Func<Task<WebMoneyOutcome<T>>> call,
        string? paymentId = null)
    {
        using var activity = GatewayActivity.Source.StartActivity("WebMoney " + operation, ActivityKind.Client);
        activity?.SetTag("rpc.system", "soap");
        activity?.SetTag("rpc.method", operation);
        activity?.SetTag("localpay.pos_number", posNumber);
        if (transactionId is not null)
        {
            activity?.SetTag("localpay.transaction_id", transactionId);
        }
        if (paymentId is not null)
        {
            activity?.SetTag("localpay.payment_id", paymentId);
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            var outcome = await call();
            var name = GatewayMetrics.OutcomeName(outcome);
            GatewayMetrics.RecordWebMoneyCall(operation, name, Stopwatch.GetElapsedTime(started), posNumber);
            activity?.SetTag("localpay.outcome", name);
            if (outcome is WebMoneyOutcome<T>.TechnicalError error)
            {
                activity?.SetStatus(ActivityStatusCode.Error, error.Kind.ToString());
            }
            return outcome;
        }
        catch (OperationCanceledException)
        {
            GatewayMetrics.RecordWebMoneyCall(operation, "cancelled", Stopwatch.GetElapsedTime(started), posNumber);
            activity?.SetTag("localpay.outcome", "cancelled");
            throw;
        }
    }
}

/// <summary>Hands out the instrumented wrapper of each client, one wrapper per inner client.</summary>
public sealed class InstrumentedWebMoneyClientFactory(IWebMoneyClientFactory inner) : IWebMoneyClientFactory, IDisposable
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IWebMoneyClient, InstrumentedWebMoneyClient> _wrappers = [];

    public IWebMoneyClient GetClient(WebMoneyConnection connection) =>
        _wrappers.GetValue(inner.GetClient(connection), c => new InstrumentedWebMoneyClient(c, connection.Settings.PosNumber));

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
