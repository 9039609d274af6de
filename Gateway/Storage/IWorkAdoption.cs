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
}
