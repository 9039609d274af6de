using System.Collections.Concurrent;
using Gateway.WebMoney;
using WebMoneyContract;

namespace Tests.Support;

/// <summary>
/// A seam fake for unit tests of the lifecycle rules: answers are scripted per operation, in order; when a
/// script runs out it answers like a healthy WebMoney with an unpaid transaction. Integration tests use the
/// real emulator instead.
/// </summary>
public sealed partial class ScriptedWebMoneyClient : IWebMoneyClient, IWebMoneyClientFactory
{
    public ConcurrentQueue<WebMoneyOutcome<QrCreated>> Creates { get; } = new();
    public ConcurrentQueue<WebMoneyOutcome<StatusAnswer>> Statuses { get; } = new();
    public ConcurrentQueue<WebMoneyOutcome<CancelAnswer>> Cancels { get; } = new();
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>What the status answers when nothing is scripted.</summary>
    public string DefaultStatus { get; set; } = WireStatus.WaitingForPayment;

    /// <summary>The next status call throws, as a broken client might.</summary>
    public bool ThrowOnNextStatus { get; set; }

    public int CountOf(string operation) => Calls.Count(c => c == operation);

    public IWebMoneyClient GetClient(WebMoneyConnection connection) => this;

    public Task<WebMoneyOutcome<QrCreated>> CreateQrPaymentAsync(CreateQrCommand command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Calls.Enqueue(PosApi.CreateQrPayment);
        return Task.FromResult(Creates.TryDequeue(out var scripted) ? scripted
            : new WebMoneyOutcome<QrCreated>.Success(new QrCreated("T-" + command.ExternalId, "https://qr.nspk.ru/AS" + command.ExternalId, null)));
    }

    public Task<WebMoneyOutcome<StatusAnswer>> GetPaymentStatusAsync(string transactionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Calls.Enqueue(PosApi.GetPaymentStatus);
        if (ThrowOnNextStatus)
        {
            ThrowOnNextStatus = false;
            throw new InvalidOperationException("the channel factory is faulted");
        }
        return Task.FromResult(Statuses.TryDequeue(out var scripted) ? scripted : Status(DefaultStatus));
    }

    public Task<WebMoneyOutcome<CancelAnswer>> CancelPaymentAsync(string transactionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Calls.Enqueue(PosApi.CancelPayment);
        if (Cancels.TryDequeue(out var scripted))
        {
            return Task.FromResult(scripted);
        }
        if (DefaultStatus is WireStatus.Created or WireStatus.WaitingForPayment)
        {
            DefaultStatus = WireStatus.Cancelled;
        }
        return Task.FromResult<WebMoneyOutcome<CancelAnswer>>(new WebMoneyOutcome<CancelAnswer>.Success(new CancelAnswer(DefaultStatus)));
    }

    public ConcurrentQueue<WebMoneyOutcome<RefundAnswer>> Refunds { get; } = new();
    public ConcurrentQueue<WebMoneyOutcome<RefundStatusAnswer>> RefundStatuses { get; } = new();

    public Task<WebMoneyOutcome<RefundAnswer>> RefundPaymentAsync(RefundCommand command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Calls.Enqueue(PosApi.RefundPayment);
        return Task.FromResult(Refunds.TryDequeue(out var scripted) ? scripted
            : new WebMoneyOutcome<RefundAnswer>.Success(new RefundAnswer("R-" + command.RefundId, WireRefundStatus.Completed, null)));
    }

    public Task<WebMoneyOutcome<RefundStatusAnswer>> GetRefundStatusAsync(string refundTransactionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Calls.Enqueue(PosApi.GetRefundStatus);
        return Task.FromResult(RefundStatuses.TryDequeue(out var scripted) ? scripted
            : new WebMoneyOutcome<RefundStatusAnswer>.Success(new RefundStatusAnswer(WireRefundStatus.Completed, null)));
    }

    public static WebMoneyOutcome<StatusAnswer> Status(string status, string? message = null) =>
        new WebMoneyOutcome<StatusAnswer>.Success(new StatusAnswer(status, message, null, null));

    public static WebMoneyOutcome<T> Technical<T>(TechnicalErrorKind kind = TechnicalErrorKind.Timeout) =>
        new WebMoneyOutcome<T>.TechnicalError(kind, "scripted " + kind);
}
