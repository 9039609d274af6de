using Gateway.Operations;

namespace Gateway.Payments;

/// <summary>
/// Told about every payment state change AFTER it is committed to the journal (display, logs, long-polls): the
/// payments' <see cref="IOperationObserver{T}"/>, announced by the same <see cref="Announcer{T}"/> as refunds.
/// Implementations must be quick and must not throw; they are called in commit order per payment.
/// </summary>
public interface IPaymentObserver : IOperationObserver<JournalEntry>
{
    ValueTask OnPaymentChangedAsync(Payment payment, CancellationToken cancellationToken);

    ValueTask IOperationObserver<JournalEntry>.OnChangedAsync(JournalEntry? before, JournalEntry after, CancellationToken cancellationToken) =>
        OnPaymentChangedAsync(after.Payment, cancellationToken);
}

/// <summary>Read access to payments for other features (display snapshots): the payment alone, without its bookkeeping.</summary>
public interface IPaymentQueries
{
    Task<Payment?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The terminal's pending payment, else its most recent one (or null).</summary>
    Task<Payment?> GetLatestForTerminalAsync(string terminalId, CancellationToken cancellationToken);
}

/// <summary><see cref="IPaymentQueries"/> over the storage port.</summary>
public sealed class StorePaymentQueries(IPaymentStore store) : IPaymentQueries
{
    public async Task<Payment?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await store.GetAsync(id, cancellationToken))?.Payment;

    public async Task<Payment?> GetLatestForTerminalAsync(string terminalId, CancellationToken cancellationToken) =>
        (await store.GetLatestForTerminalAsync(terminalId, cancellationToken))?.Payment;
}
