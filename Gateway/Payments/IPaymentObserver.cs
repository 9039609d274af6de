namespace Gateway.Payments;

/// <summary>
/// Told about every payment state change AFTER it is committed to the journal (display, logs, long-polls).
/// Implementations must be quick and must not throw; they are called in commit order per payment.
/// </summary>
public interface IPaymentObserver
{
    ValueTask OnPaymentChangedAsync(Payment payment, CancellationToken cancellationToken);
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
