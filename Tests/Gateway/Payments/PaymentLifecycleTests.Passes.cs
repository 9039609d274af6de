using Gateway.Storage;
using Gateway.Payments;
using Gateway.WebMoney;

namespace Tests.Gateway.Payments;

/// <summary>
/// The rules that pick what the processor does before WebMoney is asked (issue #24.1): which pass, ending instead of
/// polling, running into the deadline, what can be cancelled, the cancel journalled before it is sent, whether a
/// recheck sends a cancel, when the next background check is due. Each a table.
/// </summary>
public sealed partial class PaymentLifecycleTests
{
    private static JournalEntry With(JournalEntry entry, Func<Payment, Payment>? payment = null, Func<LifecycleState, LifecycleState>? state = null) =>
        entry with { Payment = payment?.Invoke(entry.Payment) ?? entry.Payment, State = state?.Invoke(entry.State) ?? entry.State };

    private static readonly Dictionary<string, JournalEntry> Entries = new()
    {
        ["pending with a QR"] = Pending(),
        ["pending without a QR"] = Pending(qr: false),
        ["pending, cancel journalled"] = With(Pending(), state: s => s with { CancelRequested = EndReason.Cashier }),
        ["timed out, unresolved"] = Ended(PaymentStatus.TimedOut, PaymentErrorCodes.Timeout),
        ["timed out, resolved"] = Ended(PaymentStatus.TimedOut, PaymentErrorCodes.Timeout, unresolved: false),
        ["failed, unresolved, no transaction (create given up)"] = GivenUp(),
        ["paid"] = With(Pending(), p => p with { Status = PaymentStatus.Paid, CompletedAt = Now, Error = null }),
        ["paid late, checks over"] = With(Ended(PaymentStatus.TimedOut, PaymentErrorCodes.Timeout), p => p with { LatePaid = true, Unresolved = false }),
        ["declined, cancel confirmed"] = With(Ended(PaymentStatus.Declined, PaymentErrorCodes.Declined, unresolved: false), state: s => s with { CancelConfirmed = true }),
        ["declined, unresolved, cancel confirmed"] = With(Ended(PaymentStatus.Declined, PaymentErrorCodes.Declined), state: s => s with { CancelConfirmed = true }),
        ["timed out, unresolved, 2 checks made, next named"] = With(Ended(PaymentStatus.TimedOut, PaymentErrorCodes.Timeout, rechecks: 2),
            state: s => s with { NextRecheckAt = Now.AddMinutes(2) }),
        ["timed out, unresolved, horizon passed"] = Ended(PaymentStatus.TimedOut, PaymentErrorCodes.Timeout, rechecks: 40),
    };

    public static TheoryData<string, Pass> DuePasses => new()
    {
        { "pending with a QR", Pass.Poll },
        { "pending, cancel journalled", Pass.Poll },
        { "pending without a QR", Pass.ResumeCreate },
        { "timed out, unresolved", Pass.Recheck },
        { "failed, unresolved, no transaction (create given up)", Pass.FollowUpCreate },
        { "timed out, resolved", Pass.None },
        { "paid", Pass.None },
        { "paid late, checks over", Pass.None },
    };

    [Theory]
    [MemberData(nameof(DuePasses))]
    public void DuePass_IsWhatTheRowWaitsFor(string row, Pass expected)
    {
        var pass = PaymentLifecycle.DuePass(Entries[row]);

        Assert.Equal(expected, pass);
    }

    public static TheoryData<string, bool, EndReason?> Endings => new()
    {
        { "pending with a QR", false, null },
        { "pending with a QR", true, EndReason.Deadline },
        { "pending, cancel journalled", false, EndReason.Cashier },
        // A cancel journalled before a crash is finished as it began, even past the deadline.
        { "pending, cancel journalled", true, EndReason.Cashier },
    };

    [Theory]
    [MemberData(nameof(Endings))]
    public void EndsInsteadOfPolling_TheDeadlineOrAJournalledCancel(string row, bool deadlinePassed, EndReason? expected)
    {
        var reason = PaymentLifecycle.EndsInsteadOfPolling(Entries[row], deadlinePassed);

        Assert.Equal(expected, reason);
    }

    public static TheoryData<string, bool, bool, bool> DeadlineRuns => new()
    {
        // outcome, deadline reached, timeout was the time left → ran into the deadline
        { "waiting", false, false, false },
        { "waiting", true, false, true },
        { "timeout", false, false, false },
        { "timeout", false, true, true },
        { "timeout", true, false, true },
        { "connect", false, true, false },
        { "refusal", false, true, false },
    };

    [Theory]
    [MemberData(nameof(DeadlineRuns))]
    public void RanIntoDeadline_ReachedOrTimedOutOnTheTimeLeft(string outcome, bool deadlineReached, bool timeoutWasTimeLeft, bool expected)
    {
        var answer = outcome switch
        {
            "waiting" => Status(global::WebMoneyContract.WireStatus.WaitingForPayment),
            "timeout" => Technical<StatusAnswer>(TechnicalErrorKind.Timeout),
            "connect" => Technical<StatusAnswer>(TechnicalErrorKind.Connect),
            _ => Refusal<StatusAnswer>(),
        };

        var ran = PaymentLifecycle.RanIntoDeadline(answer, deadlineReached, timeoutWasTimeLeft);

        Assert.Equal(expected, ran);
    }

    public static TheoryData<string, bool> Cancellables => new()
    {
        { "pending with a QR", true },
        { "pending without a QR", true },
        { "timed out, unresolved", true },
        { "failed, unresolved, no transaction (create given up)", false },
        { "timed out, resolved", false },
        { "paid", false },
        { "declined, cancel confirmed", false },
    };

    [Theory]
    [MemberData(nameof(Cancellables))]
    public void IsCancellable_PendingOrUncertainAtAKnownTransaction(string row, bool expected)
    {
        Assert.Equal(expected, PaymentLifecycle.IsCancellable(Entries[row]));
    }

    public static TheoryData<string, EndReason, bool> CancelRecords => new()
    {
        // row, why it ends → a new row to journal before the cancel is sent
        { "pending with a QR", EndReason.Deadline, true },
        { "pending with a QR", EndReason.Cashier, true },
        { "pending, cancel journalled", EndReason.Cashier, false },
        { "pending, cancel journalled", EndReason.Deadline, true },
    };

    [Theory]
    [MemberData(nameof(CancelRecords))]
    public void OnCancelSending_JournalsTheCancelAndWhy_Once(string row, EndReason reason, bool written)
    {
        var entry = Entries[row];

        var next = PaymentLifecycle.OnCancelSending(entry, reason);

        Assert.Equal(reason, next.State.CancelRequested);
        Assert.Equal(written, next != entry);
        Assert.Equal(entry.Payment, next.Payment);
    }

    public static TheoryData<string, bool, bool> RecheckCancels => new()
    {
        // row, forced (cancel at once, the cashier's cancel) → CancelPayment sent
        { "timed out, unresolved", false, true },
        { "timed out, unresolved", true, true },
        { "declined, unresolved, cancel confirmed", false, false },
        { "declined, unresolved, cancel confirmed", true, true },
        { "paid late, checks over", false, true },
        { "paid", false, false },
        { "paid", true, false },
    };

    [Theory]
    [MemberData(nameof(RecheckCancels))]
    public void RecheckSendsCancel_UnlessConfirmedOrPaid(string row, bool forced, bool expected)
    {
        Assert.Equal(expected, PaymentLifecycle.RecheckSendsCancel(Entries[row], forced));
    }

    public static TheoryData<string, int?> RecheckDues => new()
    {
        // row → seconds after now (null: none)
        { "timed out, unresolved", 30 },
        { "failed, unresolved, no transaction (create given up)", 30 },
        { "timed out, unresolved, 2 checks made, next named", 120 },
        { "timed out, unresolved, horizon passed", null },
        { "timed out, resolved", null },
        { "paid", null },
        { "paid late, checks over", null },
    };

    [Theory]
    [MemberData(nameof(RecheckDues))]
    public void RecheckDueAt_TheNamedOne_ElseTheFirst_OnlyWhileUnresolved(string row, int? seconds)
    {
        var at = PaymentLifecycle.RecheckDueAt(Entries[row], Now, TimeSpan.FromSeconds(30));

        Assert.Equal(seconds is { } s ? Now.AddSeconds(s) : null, at);
    }

    public static TheoryData<string, string, bool, bool, bool> ChecksNow => new()
    {
        // answer to «Проверить сейчас» → changed, late paid, still unresolved
        { "Paid", "timed out, unresolved", true, true, false },
        { "Rejected", "timed out, unresolved", true, false, false },
        { "Expired", "timed out, unresolved", true, false, false },
        { "Cancelled", "timed out, unresolved", true, false, false },
        { "WaitingForPayment", "timed out, unresolved", false, false, true },
        { "timeout", "timed out, unresolved", false, false, true },
        { "refusal", "timed out, unresolved", false, false, true },
    };

    [Theory]
    [MemberData(nameof(ChecksNow))]
    public void OnCheckNow_KeepsOnlyWhatTheAnswerProves(string answer, string row, bool changed, bool latePaid, bool unresolved)
    {
        var entry = Entries[row];
        var outcome = answer switch
        {
            "timeout" => Technical<StatusAnswer>(),
            "refusal" => Refusal<StatusAnswer>(),
            _ => Status(answer),
        };

        var next = PaymentLifecycle.OnCheckNow(entry, outcome, Now);

        Assert.Equal(changed, next != entry);
        Assert.Equal(latePaid, next.Payment.LatePaid);
        Assert.Equal(unresolved, next.Payment.Unresolved);
    }
}
