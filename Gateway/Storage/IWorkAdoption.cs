namespace Gateway.Storage;

/// <summary>
/// Work another node left behind (SPEC §14): a shared storage with leases hands this node the payments and refunds whose
/// owner stopped renewing its lease (it died or was cut off), as they are stored — original deadline, error count and
/// idempotency included — for this node's engines to resume. Registered only by a provider several nodes share.
/// </summary>
public interface IWorkAdoption
{
    /// <summary>Payments (pending, or ended unresolved) now this node's, as they are adopted. Runs until <paramref name="ct"/> fires.</summary>
    IAsyncEnumerable<JournalEntry> ReadAdoptedPaymentsAsync(CancellationToken ct);

    /// <summary>Pending refunds now this node's, as they are adopted.</summary>
    IAsyncEnumerable<Refund> ReadAdoptedRefundsAsync(CancellationToken ct);

    /// <summary>
    /// Ids of payments this node works whose cashier's cancel reached another node (<see cref="IWorkLeases.RouteCancelAsync"/>):
    /// this node carries each out as its own cashier's cancel. An id may come more than once.
    /// </summary>
    IAsyncEnumerable<string> ReadCancelRequestsAsync(CancellationToken ct);
}
