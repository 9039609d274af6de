using Gateway.WebMoney;
using WebMoneyContract;

namespace Gateway.Payments;

/// <summary>
/// The rules of SPEC §4 as pure functions: given a journal entry and what WebMoney answered, the next entry and
/// what to do next (<see cref="Then"/>). No I/O and no clock reads here; <see cref="PaymentProcessor"/> executes
/// the decisions: it locks, calls, commits and schedules.
/// </summary>
public static class PaymentLifecycle
{
    /// <summary>Background checks of uncertain endings: first after the configured delay, then doubling up to this.</summary>
    public static readonly TimeSpan RecheckMaxInterval = TimeSpan.FromMinutes(15);

    /// <summary>For how long after its creation an uncertain ending keeps being checked.</summary>
    public static readonly TimeSpan RecheckHorizon = TimeSpan.FromHours(12);

    /// <summary>
    /// The answer to CreateQrPayment. <paramref name="createTimeOver"/>: the create phase is over now (its own bound,
    /// Gateway:CreateTimeoutSeconds, or the deadline): no retry. <paramref name="startedLate"/>: the call itself was
    /// sent after that (a create resumed after a restart): the POS has been told "unavailable", so a QR it brings
    /// is cancelled. A call sent in time had its timeout cut to the bound: its QR is in time. <paramref name="sent"/>:
    /// the call went out (false when no time or no connection was left for it).
    /// A create that may have reached WebMoney without an answer (<see cref="LifecycleState.CreateMayHaveArrived"/>)
    /// never ends resolved on a guess: given up, or refused on a re-send, it is <c>unresolved</c> and followed up
    /// (<see cref="OnFollowUpCreate"/>) until WebMoney confirms "not paid".
    /// </summary>
    public static Decision OnCreateAnswer(JournalEntry entry, WebMoneyOutcome<QrCreated> outcome, DateTimeOffset now, bool createTimeOver,
        bool startedLate = false, bool sent = true)
    {
        var (payment, state) = entry;
        createTimeOver |= startedLate;
        switch (outcome)
        {
            case WebMoneyOutcome<QrCreated>.Success(var qr) when startedLate:
                // The POS gave up waiting: this QR is never shown, and cancelled at once so nobody can pay it; until
                // WebMoney confirms the cancel it is unresolved, and the cancel is retried by the background checks.
                var late = entry with { Payment = payment with { TransactionId = qr.TransactionId } };
                return new(Final(late, PaymentStatus.Failed, CashierMessages.Unavailable, now, unresolved: true), Then.CancelLateQr);
            case WebMoneyOutcome<QrCreated>.Success(var qr):
                return new(entry with
                {
                    Payment = payment with { TransactionId = qr.TransactionId, QrPayload = qr.QrPayload },
                    State = state with { TechnicalErrors = 0 },
                }, Then.Poll);
            case WebMoneyOutcome<QrCreated>.Refusal refusal:
                // WebMoney said no: no QR exists, so nothing can be paid. Definite only if no earlier send of this
                // create may have been carried out (WebMoney checks clock and signature before it looks the
                // ExternalId up): otherwise a transaction may exist, and it is followed up.
                var rejected = refusal.ResultCode == ResultCodes.ClockSkew
                    ? CashierMessages.ClockSkew(PaymentErrorCodes.WebMoneyRejected)
                    : CashierMessages.Rejected(refusal.Message);
                return new(Final(entry, PaymentStatus.Failed, rejected, now, unresolved: state.CreateMayHaveArrived), Then.Nothing);
            default:
                var counted = entry with
                {
                    State = state with
                    {
                        TechnicalErrors = state.TechnicalErrors + 1,
                        CreateMayHaveArrived = state.CreateMayHaveArrived || (sent && MayHaveBeenCarriedOut(outcome)),
                    },
                };
                // The customer never saw a QR, so no payment can have been made against it; a transaction the create
                // may have made is followed up (unresolved) so that none is left open at WebMoney.
                return counted.State.TechnicalErrors > state.MaxStatusErrors || createTimeOver
                    ? new(Final(counted, PaymentStatus.Failed, CashierMessages.Unavailable, now, unresolved: counted.State.CreateMayHaveArrived), Then.Nothing)
                    : new(counted, Then.RetryCreate);
        }
    }

    /// <summary>
    /// A create picked up again after a stop, a crash or a pass that broke off: the row is journalled before the first
    /// send, so a send may have gone out just before. Its next answer is judged as a re-send's.
    /// </summary>
    public static JournalEntry OnCreateResumed(JournalEntry entry) =>
        !entry.Payment.IsFinal && entry.Payment.QrPayload is null && !entry.State.CreateMayHaveArrived
            ? entry with { State = entry.State with { CreateMayHaveArrived = true } }
            : entry;

    /// <summary>
    /// The background follow-up of a create given up while it may have reached WebMoney (unresolved, no transaction
    /// known): the create re-sent with the same ExternalId. A transaction learnt is cancelled at once, then checked
    /// like any unresolved ending (<see cref="Then.CancelNow"/>); anything else proves nothing, and the follow-up
    /// goes on at <paramref name="nextRecheckAt"/> (null: the horizon passed; it stays on the attention list).
    /// </summary>
    public static Decision OnFollowUpCreate(JournalEntry entry, WebMoneyOutcome<QrCreated> outcome, DateTimeOffset? nextRecheckAt) =>
        outcome is WebMoneyOutcome<QrCreated>.Success(var qr)
            // The QR itself is never stored: it was never shown and is being cancelled.
            ? new(entry with { Payment = entry.Payment with { TransactionId = qr.TransactionId } }, Then.CancelNow)
            : new(entry with { State = entry.State with { NextRecheckAt = nextRecheckAt, Rechecks = entry.State.Rechecks + 1 } }, Then.Nothing);

    /// <summary>
    /// A send that may have been carried out at WebMoney without its answer reaching the gateway (SPEC §4): it timed
    /// out, was cut (no connection: a refused connect cannot be told from a cut one), or its answer could not be read.
    /// An HTTP error status, a SOAP fault, a temporary result code or a TLS failure is WebMoney (or the way to it)
    /// saying the request was not carried out.
    /// </summary>
    public static bool MayHaveBeenCarriedOut<T>(WebMoneyOutcome<T> outcome) =>
        outcome is WebMoneyOutcome<T>.TechnicalError { Kind: TechnicalErrorKind.Timeout or TechnicalErrorKind.Connect or TechnicalErrorKind.Unreadable };

    /// <summary>
    /// The answer to a regular status poll. <paramref name="deadlinePassed"/>: the deadline came while the call ran
    /// (a poll just before it gets a short timeout): a technical error then is not counted, the deadline's
    /// cancel and final check decide.
    /// </summary>
    public static Decision OnStatusAnswer(JournalEntry entry, WebMoneyOutcome<StatusAnswer> outcome, DateTimeOffset now, bool deadlinePassed)
    {
        var state = entry.State;
        switch (outcome)
        {
            case WebMoneyOutcome<StatusAnswer>.Success(var answer) when answer.Status == WireStatus.Paid:
                return new(Final(entry, PaymentStatus.Paid, null, now, unresolved: false), Then.Nothing);
            case WebMoneyOutcome<StatusAnswer>.Success(var answer) when IsDefinitelyNotPaid(answer.Status):
                return new(Final(entry, PaymentStatus.Declined, CashierMessages.Declined(answer.StatusMessage ?? answer.Status), now,
                    unresolved: false, cancelConfirmed: true), Then.Nothing);
            case WebMoneyOutcome<StatusAnswer>.Success(var answer) when IsWaiting(answer.Status):
                return new(entry with { State = state with { TechnicalErrors = 0 } }, deadlinePassed ? Then.EndByDeadline : Then.Poll);
            case WebMoneyOutcome<StatusAnswer>.Refusal refusal:
                // An error answer ends the payment, but it is no definite "not paid": the QR is cancelled at once and
                // the background checks go on.
                var error = refusal.ResultCode == ResultCodes.ClockSkew
                    ? CashierMessages.ClockSkew(PaymentErrorCodes.Declined)
                    : CashierMessages.Declined(refusal.Message);
                return new(Final(entry, PaymentStatus.Declined, error, now, unresolved: true), Then.CancelNow);
            default:
                // A technical error, or a status outside the contract (an unreadable answer: never "still waiting").
                if (deadlinePassed)
                {
                    return new(entry, Then.EndByDeadline);
                }
                var counted = entry with { State = state with { TechnicalErrors = state.TechnicalErrors + 1 } };
                return counted.State.TechnicalErrors > state.MaxStatusErrors
                    ? new(Final(counted, PaymentStatus.Failed, CashierMessages.TechnicalErrors, now, unresolved: true), Then.CancelNow)
                    : new(counted, Then.Poll);
        }
    }

    /// <summary>
    /// The end of a pending payment, by deadline or by the cashier: WebMoney was asked to cancel, then
    /// asked the status once more. Paid at that check (or in the cancel answer) wins.
    /// </summary>
    public static JournalEntry OnFinalCheck(JournalEntry entry, EndReason reason, WebMoneyOutcome<CancelAnswer> cancel,
        WebMoneyOutcome<StatusAnswer> status, DateTimeOffset now)
    {
        var cancelStatus = (cancel as WebMoneyOutcome<CancelAnswer>.Success)?.Value.Status;
        var finalStatus = (status as WebMoneyOutcome<StatusAnswer>.Success)?.Value.Status;
        if (finalStatus == WireStatus.Paid || (!IsKnown(finalStatus) && cancelStatus == WireStatus.Paid))
        {
            return Final(entry, PaymentStatus.Paid, null, now, unresolved: false);
        }

        var definite = IsDefinitelyNotPaid(finalStatus) || (!IsKnown(finalStatus) && IsDefinitelyNotPaid(cancelStatus));
        var ending = reason == EndReason.Deadline
            ? (PaymentStatus.TimedOut, CashierMessages.Timeout)
            : (PaymentStatus.Cancelled, CashierMessages.CancelledByCashier);
        return Final(entry, ending.Item1, ending.Item2, now, unresolved: !definite, cancelConfirmed: definite);
    }

    /// <summary>A background check of an ending without a definite "not paid" (or the cashier's cancel of one).</summary>
    public static JournalEntry OnRecheck(JournalEntry entry, WebMoneyOutcome<CancelAnswer>? cancel, WebMoneyOutcome<StatusAnswer> status,
        DateTimeOffset now, DateTimeOffset? nextRecheckAt)
    {
        var state = entry.State;
        var cancelStatus = (cancel as WebMoneyOutcome<CancelAnswer>.Success)?.Value.Status;
        var finalStatus = (status as WebMoneyOutcome<StatusAnswer>.Success)?.Value.Status;
        var cancelConfirmed = state.CancelConfirmed || IsDefinitelyNotPaid(cancelStatus);
        if (finalStatus == WireStatus.Paid || cancelStatus == WireStatus.Paid)
        {
            return entry with
            {
                Payment = entry.Payment with { LatePaid = entry.Payment.Status != PaymentStatus.Paid, Unresolved = false },
                State = state with { NextRecheckAt = null, Rechecks = state.Rechecks + 1, CancelConfirmed = cancelConfirmed },
            };
        }
        if (IsDefinitelyNotPaid(finalStatus))
        {
            var error = entry.Payment.Error is { } e ? CashierMessages.Confirmed(e) : null;
            return entry with
            {
                Payment = entry.Payment with { Unresolved = false, Error = error },
                State = state with { NextRecheckAt = null, Rechecks = state.Rechecks + 1, CancelConfirmed = true },
            };
        }
        return entry with { State = state with { NextRecheckAt = nextRecheckAt, Rechecks = state.Rechecks + 1, CancelConfirmed = cancelConfirmed } };
    }

    /// <summary>When the next background check is due after the one made at <paramref name="now"/>: doubling, capped, within the horizon (null: stop).</summary>
    public static DateTimeOffset? NextRecheckAt(JournalEntry entry, DateTimeOffset now, TimeSpan first)
    {
        var delay = first * Math.Pow(2, Math.Min(entry.State.Rechecks, 10));
        var next = now + (delay < RecheckMaxInterval ? delay : RecheckMaxInterval);
        return next < entry.Payment.CreatedAt + RecheckHorizon ? next : null;
    }

    /// <summary>WebMoney statuses that mean the money cannot arrive any more.</summary>
    public static bool IsDefinitelyNotPaid(string? wireStatus) =>
        wireStatus is WireStatus.Rejected or WireStatus.Expired or WireStatus.Cancelled;

    /// <summary>WebMoney statuses that mean "not paid yet".</summary>
    public static bool IsWaiting(string? wireStatus) => wireStatus is WireStatus.Created or WireStatus.WaitingForPayment;

    /// <summary>Statuses of the contract (SPEC §5); anything else is an unreadable answer.</summary>
    public static bool IsKnown(string? wireStatus) => wireStatus == WireStatus.Paid || IsWaiting(wireStatus) || IsDefinitelyNotPaid(wireStatus);

    private static JournalEntry Final(JournalEntry entry, PaymentStatus status, PaymentError? error, DateTimeOffset now,
        bool unresolved, bool cancelConfirmed = false)
    {
        if (unresolved && entry.Payment.TransactionId is null && !entry.State.CreateMayHaveArrived)
        {
            unresolved = false; // WebMoney never made a transaction: nothing to follow up
        }
        if (unresolved && error is not null && entry.Payment.QrPayload is not null)
        {
            // Only a QR the customer may have seen can have been paid: the cashier is told not to take the money again.
            error = CashierMessages.Unconfirmed(error);
        }
        return entry with
        {
            Payment = entry.Payment with { Status = status, Error = error, CompletedAt = now, Unresolved = unresolved },
            State = entry.State with { CancelConfirmed = entry.State.CancelConfirmed || cancelConfirmed },
        };
    }
}

/// <summary>What the processor does after committing a decision.</summary>
public enum Then
{
    /// <summary>Nothing more: the payment is final (background checks follow if it is unresolved).</summary>
    Nothing,
    /// <summary>Send the create again (same ExternalId) after a short pause.</summary>
    RetryCreate,
    /// <summary>Poll again one interval after this poll began (the cadence is kept from its start).</summary>
    Poll,
    /// <summary>End by the deadline: cancel, then one final status check.</summary>
    EndByDeadline,
    /// <summary>An ending without a definite "not paid": send CancelPayment now (and a status check), then keep checking.</summary>
    CancelNow,
    /// <summary>A QR learnt after the create gave up: cancel it at WebMoney now (retried by the background checks); it was never shown.</summary>
    CancelLateQr,
}

/// <summary>One decision of the lifecycle: the entry to commit and what follows.</summary>
public sealed record Decision(JournalEntry Next, Then Then);
