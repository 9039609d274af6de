using Gateway.Payments;
using Gateway.WebMoney;
using WebMoneyContract;

namespace Gateway.Refunds;

/// <summary>What the executor does next with a refund.</summary>
public enum RefundStep
{
    /// <summary>Final: nothing more.</summary>
    None,
    /// <summary>Re-send RefundPayment (same RefundId) after <see cref="RefundDecision.Delay"/>, still answering the POST.</summary>
    SendAgain,
    /// <summary>Check later (status poll, or a re-send when no answer came yet) after <see cref="RefundDecision.Delay"/>.</summary>
    CheckLater,
}

public sealed record RefundDecision(Refund Refund, RefundStep Step, TimeSpan Delay);

/// <summary>The timings the rules use (from configuration; passed in so the rules stay pure).</summary>
/// <param name="PollInterval">Gateway:PollIntervalSeconds.</param>
/// <param name="RecheckFirst">Gateway:RecheckFirstIntervalSeconds: the first background check of an unresolved or long-pending refund.</param>
public sealed record RefundTiming(TimeSpan PollInterval, TimeSpan RecheckFirst)
{
    /// <summary>A refund WebMoney keeps Pending is polled every PollInterval for this long, then with back-off.</summary>
    public static readonly TimeSpan FastPollingFor = TimeSpan.FromMinutes(10);

    /// <summary>The pause after <paramref name="checks"/> background checks: the one <see cref="Operations.Backoff"/> of payments and refunds.</summary>
    public TimeSpan Backoff(int checks) => Operations.Backoff.Delay(RecheckFirst, checks);
}

/// <summary>
/// The refund rules (SPEC §10 with the §4 rules of money) as pure functions: given a refund and what WebMoney
/// answered, the next refund and what to do. <see cref="RefundProcessor"/> executes the decisions.
/// - Only WebMoney's word ends a refund: Completed → succeeded; Rejected, or a refusal of RefundPayment when no earlier
///   send of it may have been carried out → failed. A refusal of a RE-send after a send that timed out, was cut or got
///   an unreadable answer proves nothing: unresolved, re-sent with back-off until WebMoney answers about the refund.
/// - Technical errors are counted; past MaxStatusErrors (or once the POST's time is up) the refund becomes
///   unresolved and keeps being checked with back-off, never failed. Any well-formed answer resets the count.
/// - Until RefundPayment is answered, every retry re-sends it with the same RefundId (idempotent at WebMoney).
/// </summary>
public static class RefundLifecycle
{
    /// <summary>The answer to RefundPayment; sendPhaseOver: the POST's time (settings TimeoutSeconds) is up.</summary>
    public static RefundDecision OnSendAnswer(Refund refund, WebMoneyOutcome<RefundAnswer> outcome, DateTimeOffset now,
        RefundTiming timing, bool sendPhaseOver)
    {
        switch (outcome)
        {
            case WebMoneyOutcome<RefundAnswer>.Success(var answer):
                return OnWireStatus(refund with { RefundTransactionId = answer.RefundTransactionId }, answer.Status, answer.StatusMessage, now, timing);
            case WebMoneyOutcome<RefundAnswer>.Refusal when refund.MayHaveArrived:
                // The answer to a RE-send after an earlier send may have been carried out: WebMoney checks the clock and
                // the signature before it looks the RefundId up, so this refusal says nothing about the earlier send.
                // Unresolved (still reserved), re-sent with back-off until WebMoney answers about the refund itself.
                return Unresolved(refund with { TechnicalErrors = 0 }, now, timing);
            case WebMoneyOutcome<RefundAnswer>.Refusal refusal:
                // No earlier send can have been carried out: WebMoney refused this refund before acting. Definite.
                return Final(refund, RefundStatus.Failed, CashierMessages.RefundRejected(refusal.Message), now);
            default:
                var errors = refund.TechnicalErrors + 1;
                refund = refund with { TechnicalErrors = errors, MayHaveArrived = refund.MayHaveArrived || PaymentLifecycle.MayHaveBeenCarriedOut(outcome) };
                if (!refund.Unresolved && !sendPhaseOver && errors <= refund.MaxStatusErrors)
                {
                    return new RefundDecision(refund, RefundStep.SendAgain, timing.PollInterval);
                }
                return Unresolved(refund, now, timing);
        }
    }

    /// <summary>
    /// A refund picked up again after a stop, a crash or a pass that broke off: if RefundPayment was never answered, a
    /// send may have gone out just before (the row is journalled before the first send), so a refusal of the next
    /// send is no longer definite.
    /// </summary>
    public static Refund OnResume(Refund refund) => refund.AwaitsSendAnswer ? refund with { MayHaveArrived = true } : refund;

    public static RefundDecision OnStatusAnswer(Refund refund, WebMoneyOutcome<RefundStatusAnswer> outcome, DateTimeOffset now, RefundTiming timing)
    {
        switch (outcome)
        {
            case WebMoneyOutcome<RefundStatusAnswer>.Success(var answer):
                return OnWireStatus(refund, answer.Status, answer.StatusMessage, now, timing);
            case WebMoneyOutcome<RefundStatusAnswer>.Refusal:
                // An error answer to a status query says nothing about the money: unresolved, keep checking.
                return Unresolved(refund with { TechnicalErrors = 0 }, now, timing);
            default:
                var errors = refund.TechnicalErrors + 1;
                return errors > refund.MaxStatusErrors || refund.Unresolved
                    ? Unresolved(refund with { TechnicalErrors = errors }, now, timing)
                    : new RefundDecision(refund with { TechnicalErrors = errors, NextCheckAt = now + timing.PollInterval }, RefundStep.CheckLater, timing.PollInterval);
        }
    }

    private static RefundDecision OnWireStatus(Refund refund, string status, string? message, DateTimeOffset now, RefundTiming timing)
    {
        switch (status)
        {
            case WireRefundStatus.Completed:
                return Final(refund, RefundStatus.Succeeded, null, now);
            case WireRefundStatus.Rejected:
                return Final(refund, RefundStatus.Failed, CashierMessages.RefundDeclined(message), now);
            default:
                // Pending: polled every PollInterval at first, then with back-off (a payment system may take days).
                var fast = now - refund.CreatedAt < RefundTiming.FastPollingFor;
                var delay = fast ? timing.PollInterval : timing.Backoff(refund.Checks);
                return new RefundDecision(refund with
                {
                    TechnicalErrors = 0, Unresolved = false, Error = null, NextCheckAt = now + delay, Checks = fast ? refund.Checks : refund.Checks + 1,
                }, RefundStep.CheckLater, delay);
        }
    }

    private static RefundDecision Unresolved(Refund refund, DateTimeOffset now, RefundTiming timing)
    {
        var delay = timing.Backoff(refund.Checks);
        return new RefundDecision(refund with
        {
            Unresolved = true,
            Error = CashierMessages.RefundUnavailable,
            Checks = refund.Checks + 1,
            NextCheckAt = now + delay,
        }, RefundStep.CheckLater, delay);
    }

    private static RefundDecision Final(Refund refund, RefundStatus status, PaymentError? error, DateTimeOffset now) =>
        new(refund with
        {
            Status = status, Error = error, CompletedAt = now, Unresolved = false, TechnicalErrors = 0, NextCheckAt = null,
        }, RefundStep.None, TimeSpan.Zero);
}
