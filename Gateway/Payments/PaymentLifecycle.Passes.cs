using Gateway.WebMoney;

namespace Gateway.Payments;

/// <summary>
/// The rules that pick what the processor does with a payment before WebMoney is asked: which pass a due payment gets,
/// when a pass ends it instead of polling, what the cashier can cancel, when a cancel is sent and journalled, and when
/// the background checks of an uncertain ending are due. Pure, like the answers' rules beside them.
/// </summary>
public static partial class PaymentLifecycle
{
    /// <summary>The pass a due payment gets (SPEC §4): what the journal row says it is waiting for.</summary>
    public static Pass DuePass(JournalEntry entry) => entry.Payment switch
    {
        // A create given up while it may have reached WebMoney: re-sent with the same ExternalId to learn the transaction.
        { IsFinal: true, Unresolved: true, TransactionId: null } => Pass.FollowUpCreate,
        { IsFinal: true, Unresolved: true } => Pass.Recheck,
        { IsFinal: true } => Pass.None,
        // Resumed (a restart, or a pass that broke off): the create may have gone out just before.
        { QrPayload: null } => Pass.ResumeCreate,
        _ => Pass.Poll,
    };

    /// <summary>
    /// Whether a poll ends the payment instead of asking the status: the deadline passed, or a cancel was journalled
    /// before a crash (finished as it began, never read back as a decline). Null: poll.
    /// </summary>
    public static EndReason? EndsInsteadOfPolling(JournalEntry entry, bool deadlinePassed) =>
        entry.State.CancelRequested ?? (deadlinePassed ? EndReason.Deadline : null);

    /// <summary>
    /// A status poll ran into the deadline: the deadline came while it ran, or its timeout was the time left
    /// (<paramref name="timeoutWasTimeLeft"/>) and it timed out, even when its timer fired a few milliseconds early.
    /// The deadline's cancel and final check then decide, not the error count.
    /// </summary>
    public static bool RanIntoDeadline(WebMoneyOutcome<StatusAnswer> outcome, bool deadlineReached, bool timeoutWasTimeLeft) =>
        deadlineReached || (timeoutWasTimeLeft && outcome is WebMoneyOutcome<StatusAnswer>.TechnicalError { Kind: TechnicalErrorKind.Timeout });

    /// <summary>What the cashier can cancel: a pending payment, or one ended without a definite "not paid" at a transaction WebMoney knows.</summary>
    public static bool IsCancellable(JournalEntry entry) =>
        !entry.Payment.IsFinal || (entry.Payment.Unresolved && entry.Payment.TransactionId is not null);

    /// <summary>
    /// The entry to journal before a cancel is sent to end a pending payment: a crash before the answer is stored must
    /// not read WebMoney's "Cancelled" back as a decline. Unchanged when that cancel is journalled already.
    /// </summary>
    public static JournalEntry OnCancelSending(JournalEntry entry, EndReason reason) =>
        entry.State.CancelRequested == reason ? entry : entry with { State = entry.State with { CancelRequested = reason } };

    /// <summary>
    /// Whether a background check (or the cancel at once of an uncertain ending, or the cashier's cancel of one:
    /// <paramref name="forced"/>) sends CancelPayment before the status: not once WebMoney confirmed the cancel unless
    /// forced, and never for a payment that is paid.
    /// </summary>
    public static bool RecheckSendsCancel(JournalEntry entry, bool forced) =>
        (forced || !entry.State.CancelConfirmed) && entry.Payment.Status != PaymentStatus.Paid;

    /// <summary>
    /// «Проверить сейчас» of an ending without a definite "not paid": the status answer applied by the recheck rule
    /// (paid → late paid; a definite "not paid" → resolved), kept only when it proves something. It is no background
    /// check: an answer that settles nothing changes nothing, not even the schedule.
    /// </summary>
    public static JournalEntry OnCheckNow(JournalEntry entry, WebMoneyOutcome<StatusAnswer> status, DateTimeOffset now)
    {
        var next = OnRecheck(entry, cancel: null, status, now, entry.State.NextRecheckAt);
        return next.Payment == entry.Payment ? entry : next;
    }

    /// <summary>
    /// When the next background check of a payment is due: the one the journal names, else the first one
    /// (<paramref name="first"/> after <paramref name="now"/>) if none was made yet. Null: none (resolved, or the horizon passed).
    /// </summary>
    public static DateTimeOffset? RecheckDueAt(JournalEntry entry, DateTimeOffset now, TimeSpan first) =>
        !entry.Payment.Unresolved ? null : entry.State.NextRecheckAt ?? (entry.State.Rechecks == 0 ? now + first : null);
}

/// <summary>What the processor does with a due payment.</summary>
public enum Pass
{
    /// <summary>Nothing: it is final and resolved.</summary>
    None,
    /// <summary>Poll the status (or end it, <see cref="PaymentLifecycle.EndsInsteadOfPolling"/>).</summary>
    Poll,
    /// <summary>Send the create again with the same ExternalId (it may have gone out before).</summary>
    ResumeCreate,
    /// <summary>A background check of an ending without a definite "not paid".</summary>
    Recheck,
    /// <summary>The follow-up of a create given up while it may have reached WebMoney.</summary>
    FollowUpCreate,
}
