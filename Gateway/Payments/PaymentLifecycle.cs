using Gateway.WebMoney;
using WebMoneyContract;

namespace Gateway.Payments;

/// <summary>
/// The rules of SPEC §4 in one place, as pure functions: given a journal entry and what WebMoney answered,
/// the next entry. No I/O and no clock reads here; <see cref="PaymentProcessor"/> executes the decisions.
/// </summary>
public static class PaymentLifecycle
{
    /// <summary>The answer to CreateQrPayment. Null means: retry the create (a technical error within the limit).</summary>
    public static JournalEntry? OnCreateAnswer(JournalEntry entry, WebMoneyOutcome<QrCreated> outcome, DateTimeOffset now, bool deadlinePassed)
    {
        var (payment, state) = entry;
        switch (outcome)
        {
            case WebMoneyOutcome<QrCreated>.Success(var qr):
                return entry with
                {
                    Payment = payment with { TransactionId = qr.TransactionId, QrPayload = qr.QrPayload },
                    State = state with { TechnicalErrors = 0 },
                };
            case WebMoneyOutcome<QrCreated>.Refusal refusal:
                // WebMoney said no: no QR exists, so nothing can be paid.
                return Final(entry, PaymentStatus.Failed, CashierMessages.Rejected(refusal.Message), now, unresolved: false);
            default:
                var errors = state.TechnicalErrors + 1;
                if (errors > state.MaxStatusErrors || deadlinePassed)
                {
                    // The customer never saw a QR, so no payment can have been made against it.
                    return Final(entry with { State = state with { TechnicalErrors = errors } },
                        PaymentStatus.Failed, CashierMessages.Unavailable, now, unresolved: false);
                }
                return null;
        }
    }

    /// <summary>The answer to a regular status poll before the deadline.</summary>
    public static JournalEntry OnStatusAnswer(JournalEntry entry, WebMoneyOutcome<StatusAnswer> outcome, DateTimeOffset now)
    {
        var state = entry.State;
        switch (outcome)
        {
            case WebMoneyOutcome<StatusAnswer>.Success(var answer) when answer.Status == WireStatus.Paid:
                return Final(entry, PaymentStatus.Paid, null, now, unresolved: false);
            case WebMoneyOutcome<StatusAnswer>.Success(var answer) when IsDefinitelyNotPaid(answer.Status):
                return Final(entry, PaymentStatus.Declined, CashierMessages.Declined(answer.StatusMessage ?? answer.Status), now,
                    unresolved: false, cancelConfirmed: true);
            case WebMoneyOutcome<StatusAnswer>.Success:
                return entry with { State = state with { TechnicalErrors = 0 } };
            case WebMoneyOutcome<StatusAnswer>.Refusal refusal:
                // An error answer ends the payment, but it is no definite "not paid": keep checking in the background.
                return Final(entry, PaymentStatus.Declined, CashierMessages.Declined(refusal.Message), now, unresolved: true);
            default:
                var errors = state.TechnicalErrors + 1;
                var counted = entry with { State = state with { TechnicalErrors = errors } };
                return errors > state.MaxStatusErrors
                    ? Final(counted, PaymentStatus.Failed, CashierMessages.TechnicalErrors, now, unresolved: true)
                    : counted;
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
        if (finalStatus == WireStatus.Paid || (finalStatus is null && cancelStatus == WireStatus.Paid))
        {
            return Final(entry, PaymentStatus.Paid, null, now, unresolved: false);
        }

        var definite = IsDefinitelyNotPaid(finalStatus) || (finalStatus is null && IsDefinitelyNotPaid(cancelStatus));
        var ending = reason == EndReason.Deadline
            ? (PaymentStatus.TimedOut, CashierMessages.Timeout)
            : (PaymentStatus.Cancelled, CashierMessages.CancelledByCashier);
        return Final(entry, ending.Item1, ending.Item2, now, unresolved: !definite, cancelConfirmed: definite);
    }

    /// <summary>A background check of an ending without a definite "not paid".</summary>
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
            return entry with { Payment = entry.Payment with { Unresolved = false }, State = state with { NextRecheckAt = null, Rechecks = state.Rechecks + 1, CancelConfirmed = true } };
        }
        return entry with { State = state with { NextRecheckAt = nextRecheckAt, Rechecks = state.Rechecks + 1, CancelConfirmed = cancelConfirmed } };
    }

    /// <summary>WebMoney statuses that mean the money cannot arrive any more.</summary>
    public static bool IsDefinitelyNotPaid(string? wireStatus) =>
        wireStatus is WireStatus.Rejected or WireStatus.Expired or WireStatus.Cancelled;

    private static JournalEntry Final(JournalEntry entry, PaymentStatus status, PaymentError? error, DateTimeOffset now,
        bool unresolved, bool cancelConfirmed = false)
    {
        if (unresolved && entry.Payment.TransactionId is null)
        {
            unresolved = false;
        }
        if (unresolved && error is not null)
        {
            error = CashierMessages.Unconfirmed(error);
        }
        return entry with
        {
            Payment = entry.Payment with { Status = status, Error = error, CompletedAt = now, Unresolved = unresolved },
            State = entry.State with { CancelConfirmed = entry.State.CancelConfirmed || cancelConfirmed },
        };
    }
}

/// <summary>Why a pending payment is being ended.</summary>
public enum EndReason { Deadline, Cashier }
