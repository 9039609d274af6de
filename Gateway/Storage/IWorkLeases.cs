namespace Gateway.Storage;

/// <summary>
/// The leases of a journal several nodes share (SPEC §14), as the processors use them: before each pass over a payment
/// or refund a node makes sure it still holds its lease (or takes it, when it is free or expired), so a node that lost
/// it — paused, cut off, and adopted meanwhile — sends nothing; the cashier's cancel of a payment another live node
/// works is handed to that node; scheduled work over the whole journal runs on one node. Registered only by a provider
/// several nodes share (PostgreSQL); without it (SQLite, one gateway) the processors do exactly what they always did.
/// </summary>
public interface IWorkLeases
{
    /// <summary>How long a lease lasts unless renewed (Gateway:LeaseSeconds).</summary>
    TimeSpan Duration { get; }

    /// <summary>
    /// The payment as stored, now leased to this node for another <see cref="Duration"/> — when it needs work (pending,
    /// or ended unresolved) and its lease is this node's, free or expired. Null: another live node works it, or there
    /// is nothing to work (ended, unknown). One statement.
    /// </summary>
    Task<PaymentClaim?> ClaimPaymentAsync(string id);

    /// <summary>As <see cref="ClaimPaymentAsync"/> for a pending (or unresolved) refund.</summary>
    Task<Refund?> ClaimRefundAsync(string id);

    /// <summary>
    /// Where the cashier's cancel of a payment goes. A cancellable payment another live node works: the request is
    /// recorded in its row and that node is notified (<see cref="CancelRoute.Requested"/>). One this node works, or
    /// whose lease is free or expired: now this node's (<see cref="CancelRoute.Claimed"/>). Anything else
    /// (<see cref="CancelRoute.Here"/>): nothing to hand over; this node answers it as it stands.
    /// </summary>
    Task<CancelRoute> RouteCancelAsync(string paymentId);

    /// <summary>The cashier's cancel recorded in the row was carried out (or found nothing to cancel): forgotten.</summary>
    Task ClearCancelRequestAsync(string paymentId);

    /// <summary>
    /// Work over the whole journal runs on one node: true for the one call that finds the job <paramref name="name"/>
    /// due and not run by a live other node; it is due again <paramref name="every"/> later.
    /// </summary>
    Task<bool> TryStartJobAsync(string name, TimeSpan every);
}

/// <summary>A payment whose lease this node holds, and whether a cashier's cancel of it waits in its row.</summary>
public sealed record PaymentClaim(JournalEntry Entry, bool CancelRequested);

/// <summary>What <see cref="IWorkLeases.RouteCancelAsync"/> did with a cashier's cancel.</summary>
public abstract record CancelRoute
{
    private CancelRoute() { }

    /// <summary>This node works the payment now: it carries the cancel out itself.</summary>
    public sealed record Claimed(PaymentClaim Claim) : CancelRoute;

    /// <summary>Recorded for the live node <paramref name="Owner"/>, which carries it out; the row was at <paramref name="Version"/>.</summary>
    public sealed record Requested(string Owner, long Version) : CancelRoute;

    /// <summary>Nothing to cancel or hand over (ended, or unknown): answered as it stands.</summary>
    public sealed record Here : CancelRoute;
}
