namespace Gateway.Storage;

/// <summary>
/// The poller's bookkeeping for one payment, journalled beside it so a restart resumes exactly where it was.
/// </summary>
public sealed record LifecycleState
{
    /// <summary>Technical errors in a row while polling (SPEC §4); any well-formed answer resets it.</summary>
    public int TechnicalErrors { get; init; }

    /// <summary>MaxStatusErrors of the settings the payment started with.</summary>
    public int MaxStatusErrors { get; init; }

    /// <summary>WebMoney confirmed the cancel (or the payment reached a final status there).</summary>
    public bool CancelConfirmed { get; init; }

    /// <summary>When the next background check of an unresolved payment is due.</summary>
    public DateTimeOffset? NextRecheckAt { get; init; }

    /// <summary>How many background checks were made (drives the back-off).</summary>
    public int Rechecks { get; init; }

    /// <summary>
    /// A cancel was journalled before it was sent, and why: after a crash between "cancel sent" and "answer
    /// stored", the resumed payment ends as that cancel would have (a WebMoney "Cancelled" is ours, not a decline).
    /// </summary>
    public EndReason? CancelRequested { get; init; }

    /// <summary>
    /// A CreateQrPayment may have reached WebMoney without its answer reaching the gateway (the send timed out, was
    /// cut, got an unreadable answer, or the gateway stopped around it): a transaction may exist that the journal does
    /// not know. A refusal of a re-sent create is then no definite answer, and a create given up is followed up.
    /// </summary>
    public bool CreateMayHaveArrived { get; init; }
}

/// <summary>A payment and its lifecycle bookkeeping, as one journal row.</summary>
public sealed record JournalEntry(Payment Payment, LifecycleState State);

/// <summary>Why a pending payment is being ended.</summary>
public enum EndReason { Deadline, Cashier }
