using Gateway.Payments;
using Gateway.Storage;
using Gateway.WebMoney;
using WebMoneyContract;

namespace Tests.Gateway.Payments;

/// <summary>
/// SPEC §4 as a table: one row per rule of <see cref="PaymentLifecycle"/> (and per fix of issue #12), each a pure
/// decision from an entry and a WebMoney answer. No SQLite, no HTTP, no clock: the end-to-end behaviour is in
/// <see cref="PaymentProcessorTests"/> and the emulator tests.
/// </summary>
public sealed class PaymentLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    private static JournalEntry Pending(int errors = 0, bool qr = true) => new(new Payment
    {
        Id = "p1", Status = PaymentStatus.Pending, TerminalId = "1", Amount = 10m, PaymentSystem = PaymentSystem.Sbp,
        CreatedAt = Now.AddSeconds(-60), Deadline = Now.AddSeconds(120), Version = 3,
        TransactionId = qr ? "t1" : null, QrPayload = qr ? "https://qr.nspk.ru/x" : null,
    }, new LifecycleState { MaxStatusErrors = 3, TechnicalErrors = errors });

    private static JournalEntry Ended(PaymentStatus status, string code, bool unresolved = true, int rechecks = 0) => Pending() with
    {
        Payment = Pending().Payment with
        {
            Status = status, Unresolved = unresolved, CompletedAt = Now,
            Error = CashierMessages.Unconfirmed(code == PaymentErrorCodes.TechnicalErrors ? CashierMessages.TechnicalErrors : CashierMessages.Timeout),
        },
        State = new LifecycleState { MaxStatusErrors = 3, Rechecks = rechecks },
    };

    private static WebMoneyOutcome<StatusAnswer> Status(string s) => new WebMoneyOutcome<StatusAnswer>.Success(new StatusAnswer(s, null, null, null));
    private static WebMoneyOutcome<CancelAnswer> Cancel(string s) => new WebMoneyOutcome<CancelAnswer>.Success(new CancelAnswer(s));
    private static WebMoneyOutcome<T> Technical<T>(TechnicalErrorKind kind = TechnicalErrorKind.Timeout) => new WebMoneyOutcome<T>.TechnicalError(kind, "timeout");
    private static WebMoneyOutcome<T> Http500<T>() => new WebMoneyOutcome<T>.TechnicalError(TechnicalErrorKind.HttpStatus, "HTTP 500");

    /// <summary>A create given up after a send that may have reached WebMoney: failed, unresolved, no transaction known.</summary>
    private static JournalEntry GivenUp() => PaymentLifecycle.OnCreateAnswer(Pending(3, qr: false), Technical<QrCreated>(), Now, false).Next;
    private static WebMoneyOutcome<T> Refusal<T>(int code = 30) => new WebMoneyOutcome<T>.Refusal(code, "Отказ");
    private static readonly WebMoneyOutcome<QrCreated> Qr = new WebMoneyOutcome<QrCreated>.Success(new QrCreated("t9", "https://qr.nspk.ru/9", null));

    /// <summary>What a row expects: status, what follows, unresolved, error code, errors counted, and more checks.</summary>
    private sealed record Expect(PaymentStatus Status, Then Then, bool Unresolved = false, string? Code = null, int? Errors = null,
        Func<JournalEntry, bool>? Also = null);

    private static Decision Done(JournalEntry next) => new(next, Then.Nothing);

    private static readonly Dictionary<string, (Func<Decision> Act, Expect Expect)> Table = new()
    {
        ["create: QR issued → pending with the QR, poll next"] = (() => PaymentLifecycle.OnCreateAnswer(Pending(1, qr: false), Qr, Now, false),
            new(PaymentStatus.Pending, Then.Poll, Errors: 0, Also: e => e.Payment.QrPayload == "https://qr.nspk.ru/9")),
        ["create: refusal → failed webmoney_rejected, nothing to check"] = (() => PaymentLifecycle.OnCreateAnswer(Pending(qr: false), Refusal<QrCreated>(), Now, false),
            new(PaymentStatus.Failed, Then.Nothing, Code: PaymentErrorCodes.WebMoneyRejected)),
        ["create: refusal for clock skew (11) → says the clock"] = (() => PaymentLifecycle.OnCreateAnswer(Pending(qr: false), Refusal<QrCreated>(11), Now, false),
            new(PaymentStatus.Failed, Then.Nothing, Code: PaymentErrorCodes.WebMoneyRejected, Also: e => e.Payment.Error!.Message.Contains("часы"))),
        ["create: technical error within the limit → retry, counted once"] = (() => PaymentLifecycle.OnCreateAnswer(Pending(2, qr: false), Technical<QrCreated>(), Now, false),
            new(PaymentStatus.Pending, Then.RetryCreate, Errors: 3)),
        ["create: 4th technical error with MaxStatusErrors 3 (HTTP 500: not carried out) → failed webmoney_unavailable, resolved"] = (() => PaymentLifecycle.OnCreateAnswer(Pending(3, qr: false), Http500<QrCreated>(), Now, false),
            new(PaymentStatus.Failed, Then.Nothing, Code: PaymentErrorCodes.WebMoneyUnavailable, Errors: 4)),
        ["create: technical error once the create time is over (#12.5; SOAP fault) → failed webmoney_unavailable, resolved"] = (() => PaymentLifecycle.OnCreateAnswer(Pending(0, qr: false), Technical<QrCreated>(TechnicalErrorKind.SoapFault), Now, true),
            new(PaymentStatus.Failed, Then.Nothing, Code: PaymentErrorCodes.WebMoneyUnavailable)),
        ["create: 4th technical error, a timeout (#23.3: may have reached WebMoney) → failed, unresolved, followed up"] = (() => PaymentLifecycle.OnCreateAnswer(Pending(3, qr: false), Technical<QrCreated>(), Now, false),
            new(PaymentStatus.Failed, Then.Nothing, Unresolved: true, Code: PaymentErrorCodes.WebMoneyUnavailable, Errors: 4,
                Also: e => e.State.CreateMayHaveArrived && e.Payment.Error == CashierMessages.Unavailable)),
        ["create: cut once the create time is over (#23.3) → failed, unresolved, followed up"] = (() => PaymentLifecycle.OnCreateAnswer(Pending(0, qr: false), Technical<QrCreated>(TechnicalErrorKind.Connect), Now, true),
            new(PaymentStatus.Failed, Then.Nothing, Unresolved: true, Code: PaymentErrorCodes.WebMoneyUnavailable)),
        ["create: unreadable answer, then HTTP 500 given up (#23.3: the earlier send counts) → unresolved"] = (() => PaymentLifecycle.OnCreateAnswer(
                PaymentLifecycle.OnCreateAnswer(Pending(2, qr: false), Technical<QrCreated>(TechnicalErrorKind.Unreadable), Now, false).Next, Http500<QrCreated>(), Now, false),
            new(PaymentStatus.Failed, Then.Nothing, Unresolved: true, Code: PaymentErrorCodes.WebMoneyUnavailable, Errors: 4)),
        ["create: timed out but never sent (no time left) → not counted as may-have-arrived"] = (() => PaymentLifecycle.OnCreateAnswer(Pending(0, qr: false), Technical<QrCreated>(), Now, true, sent: false),
            new(PaymentStatus.Failed, Then.Nothing, Code: PaymentErrorCodes.WebMoneyUnavailable, Also: e => !e.State.CreateMayHaveArrived)),
        ["create: refusal of a RE-send after a timeout (#23.1) → failed, but unresolved and followed up, never definite"] = (() => PaymentLifecycle.OnCreateAnswer(
                PaymentLifecycle.OnCreateAnswer(Pending(0, qr: false), Technical<QrCreated>(), Now, false).Next, Refusal<QrCreated>(11), Now, false),
            new(PaymentStatus.Failed, Then.Nothing, Unresolved: true, Code: PaymentErrorCodes.WebMoneyRejected, Also: e => e.Payment.Error!.Message.Contains("часы"))),
        ["create: refusal of a re-send after an HTTP 500 (not carried out) → failed, definite"] = (() => PaymentLifecycle.OnCreateAnswer(
                PaymentLifecycle.OnCreateAnswer(Pending(0, qr: false), Http500<QrCreated>(), Now, false).Next, Refusal<QrCreated>(), Now, false),
            new(PaymentStatus.Failed, Then.Nothing, Code: PaymentErrorCodes.WebMoneyRejected)),
        ["create: resumed after a restart (#23.1) → its next answer is a re-send's"] = (() => PaymentLifecycle.OnCreateAnswer(PaymentLifecycle.OnCreateResumed(Pending(0, qr: false)), Refusal<QrCreated>(), Now, false),
            new(PaymentStatus.Failed, Then.Nothing, Unresolved: true, Code: PaymentErrorCodes.WebMoneyRejected)),
        ["follow-up of a given-up create (#23.3): the transaction learnt → cancel at once"] = (() => PaymentLifecycle.OnFollowUpCreate(GivenUp(), Qr, Now.AddMinutes(1)),
            new(PaymentStatus.Failed, Then.CancelNow, Unresolved: true, Code: PaymentErrorCodes.WebMoneyUnavailable, Also: e => e.Payment.TransactionId == "t9" && e.Payment.QrPayload is null)),
        ["follow-up of a given-up create (#23.3): refused or unanswered → still unresolved, next follow-up as given"] = (() => PaymentLifecycle.OnFollowUpCreate(GivenUp(), Refusal<QrCreated>(11), Now.AddMinutes(1)),
            new(PaymentStatus.Failed, Then.Nothing, Unresolved: true, Code: PaymentErrorCodes.WebMoneyUnavailable, Also: e => e.State.NextRecheckAt == Now.AddMinutes(1) && e.State.Rechecks == 1)),
        ["create: QR to a call sent in time, answered at the bound → in time, poll next"] = (() => PaymentLifecycle.OnCreateAnswer(Pending(0, qr: false), Qr, Now, true),
            new(PaymentStatus.Pending, Then.Poll, Errors: 0)),
        ["create: QR to a call sent after the create gave up (#12.5, resumed) → failed, never shown, cancelled; unresolved until confirmed (#23.3)"] = (() => PaymentLifecycle.OnCreateAnswer(Pending(0, qr: false), Qr, Now, true, startedLate: true),
            new(PaymentStatus.Failed, Then.CancelLateQr, Unresolved: true, Code: PaymentErrorCodes.WebMoneyUnavailable,
                Also: e => e.Payment.QrPayload is null && e.Payment.TransactionId == "t9" && e.Payment.Error == CashierMessages.Unavailable)),
        ["status: Paid → paid"] = (() => PaymentLifecycle.OnStatusAnswer(Pending(), Status(WireStatus.Paid), Now, false),
            new(PaymentStatus.Paid, Then.Nothing)),
        ["status: Rejected → declined, definite"] = (() => PaymentLifecycle.OnStatusAnswer(Pending(), Status(WireStatus.Rejected), Now, false),
            new(PaymentStatus.Declined, Then.Nothing, Code: PaymentErrorCodes.Declined, Also: e => e.State.CancelConfirmed)),
        ["status: Expired → declined, definite"] = (() => PaymentLifecycle.OnStatusAnswer(Pending(), Status(WireStatus.Expired), Now, false),
            new(PaymentStatus.Declined, Then.Nothing, Code: PaymentErrorCodes.Declined)),
        ["status: WaitingForPayment → pending, error count reset, poll next"] = (() => PaymentLifecycle.OnStatusAnswer(Pending(3), Status(WireStatus.WaitingForPayment), Now, false),
            new(PaymentStatus.Pending, Then.Poll, Errors: 0)),
        ["status: Created → pending, poll next"] = (() => PaymentLifecycle.OnStatusAnswer(Pending(), Status(WireStatus.Created), Now, false),
            new(PaymentStatus.Pending, Then.Poll, Errors: 0)),
        ["status: 3rd technical error with MaxStatusErrors 3 → still pending"] = (() => PaymentLifecycle.OnStatusAnswer(Pending(2), Technical<StatusAnswer>(), Now, false),
            new(PaymentStatus.Pending, Then.Poll, Errors: 3)),
        ["status: 4th technical error (#12.1) → failed technical_errors, unresolved, cancel at once"] = (() => PaymentLifecycle.OnStatusAnswer(Pending(3), Technical<StatusAnswer>(), Now, false),
            new(PaymentStatus.Failed, Then.CancelNow, Unresolved: true, Code: PaymentErrorCodes.TechnicalErrors)),
        ["status: refusal (#12.2) → declined, unresolved, cancel at once, never says not paid"] = (() => PaymentLifecycle.OnStatusAnswer(Pending(), Refusal<StatusAnswer>(), Now, false),
            new(PaymentStatus.Declined, Then.CancelNow, Unresolved: true, Code: PaymentErrorCodes.Declined, Also: e => !e.Payment.Error!.Message.Contains(CashierMessages.NotPaid))),
        ["status: refusal for clock skew (#12.2) → says the clock"] = (() => PaymentLifecycle.OnStatusAnswer(Pending(), Refusal<StatusAnswer>(11), Now, false),
            new(PaymentStatus.Declined, Then.CancelNow, Unresolved: true, Code: PaymentErrorCodes.Declined, Also: e => e.Payment.Error!.Message.Contains("часы"))),
        ["status: unknown status (#12.4) → a technical error, counted, no reset"] = (() => PaymentLifecycle.OnStatusAnswer(Pending(2), Status("Frozen"), Now, false),
            new(PaymentStatus.Pending, Then.Poll, Errors: 3)),
        ["status: unknown status as the 4th error (#12.4) → failed technical_errors"] = (() => PaymentLifecycle.OnStatusAnswer(Pending(3), Status("Frozen"), Now, false),
            new(PaymentStatus.Failed, Then.CancelNow, Unresolved: true, Code: PaymentErrorCodes.TechnicalErrors)),
        ["status: technical error as the deadline came (#12.12) → not counted, the deadline ends it"] = (() => PaymentLifecycle.OnStatusAnswer(Pending(3), Technical<StatusAnswer>(), Now, true),
            new(PaymentStatus.Pending, Then.EndByDeadline, Errors: 3)),
        ["status: still waiting as the deadline came → the deadline ends it"] = (() => PaymentLifecycle.OnStatusAnswer(Pending(), Status(WireStatus.WaitingForPayment), Now, true),
            new(PaymentStatus.Pending, Then.EndByDeadline, Errors: 0)),
        ["deadline: cancel ok, final check Cancelled → timedOut, definite"] = (() => Done(PaymentLifecycle.OnFinalCheck(Pending(), EndReason.Deadline, Cancel(WireStatus.Cancelled), Status(WireStatus.Cancelled), Now)),
            new(PaymentStatus.TimedOut, Then.Nothing, Code: PaymentErrorCodes.Timeout, Also: e => e.Payment.Error!.Message.Contains(CashierMessages.NotPaid))),
        ["deadline: final check Paid → paid"] = (() => Done(PaymentLifecycle.OnFinalCheck(Pending(), EndReason.Deadline, Cancel(WireStatus.Paid), Status(WireStatus.Paid), Now)),
            new(PaymentStatus.Paid, Then.Nothing)),
        ["deadline: cancel answered Paid, final check unanswered → paid"] = (() => Done(PaymentLifecycle.OnFinalCheck(Pending(), EndReason.Deadline, Cancel(WireStatus.Paid), Technical<StatusAnswer>(), Now)),
            new(PaymentStatus.Paid, Then.Nothing)),
        ["deadline: cancel and final check unanswered → timedOut, unresolved, never says not paid"] = (() => Done(PaymentLifecycle.OnFinalCheck(Pending(), EndReason.Deadline, Technical<CancelAnswer>(), Technical<StatusAnswer>(), Now)),
            new(PaymentStatus.TimedOut, Then.Nothing, Unresolved: true, Code: PaymentErrorCodes.Timeout, Also: e => !e.Payment.Error!.Message.Contains(CashierMessages.NotPaid))),
        ["cashier: cancel Cancelled, final check unanswered → cancelled, definite"] = (() => Done(PaymentLifecycle.OnFinalCheck(Pending(), EndReason.Cashier, Cancel(WireStatus.Cancelled), Technical<StatusAnswer>(), Now)),
            new(PaymentStatus.Cancelled, Then.Nothing, Code: PaymentErrorCodes.CancelledByCashier)),
        ["cashier: cancel Cancelled, final check an unknown status → cancelled, definite"] = (() => Done(PaymentLifecycle.OnFinalCheck(Pending(), EndReason.Cashier, Cancel(WireStatus.Cancelled), Status("Frozen"), Now)),
            new(PaymentStatus.Cancelled, Then.Nothing, Code: PaymentErrorCodes.CancelledByCashier)),
        ["cashier: no transaction yet (no QR) → cancelled, nothing to check"] = (() => Done(PaymentLifecycle.OnFinalCheck(Pending(qr: false), EndReason.Cashier, Technical<CancelAnswer>(), Technical<StatusAnswer>(), Now)),
            new(PaymentStatus.Cancelled, Then.Nothing, Code: PaymentErrorCodes.CancelledByCashier)),
        ["cashier: no transaction known, but a create may have reached WebMoney (#23.3) → cancelled, unresolved, followed up"] = (() => Done(PaymentLifecycle.OnFinalCheck(
                PaymentLifecycle.OnCreateAnswer(Pending(qr: false), Technical<QrCreated>(), Now, false).Next, EndReason.Cashier, Technical<CancelAnswer>(), Technical<StatusAnswer>(), Now)),
            new(PaymentStatus.Cancelled, Then.Nothing, Unresolved: true, Code: PaymentErrorCodes.CancelledByCashier)),
        ["recheck: Paid later → latePaid, resolved"] = (() => Done(PaymentLifecycle.OnRecheck(Ended(PaymentStatus.TimedOut, PaymentErrorCodes.Timeout), Technical<CancelAnswer>(), Status(WireStatus.Paid), Now, null)),
            new(PaymentStatus.TimedOut, Then.Nothing, Code: PaymentErrorCodes.Timeout, Also: e => e.Payment.LatePaid)),
        ["recheck / cashier's cancel of an unresolved one (#12.1): Cancelled → resolved, now says not paid"] = (() => Done(PaymentLifecycle.OnRecheck(Ended(PaymentStatus.Failed, PaymentErrorCodes.TechnicalErrors), Cancel(WireStatus.Cancelled), Status(WireStatus.Cancelled), Now, null)),
            new(PaymentStatus.Failed, Then.Nothing, Code: PaymentErrorCodes.TechnicalErrors, Also: e => e.Payment.Error!.Message.Contains(CashierMessages.NotPaid) && e.State.CancelConfirmed)),
        ["recheck: no answer → still unresolved, next check as given"] = (() => Done(PaymentLifecycle.OnRecheck(Ended(PaymentStatus.TimedOut, PaymentErrorCodes.Timeout), Technical<CancelAnswer>(), Technical<StatusAnswer>(), Now, Now.AddMinutes(1))),
            new(PaymentStatus.TimedOut, Then.Nothing, Unresolved: true, Code: PaymentErrorCodes.Timeout, Also: e => e.State.NextRecheckAt == Now.AddMinutes(1) && e.State.Rechecks == 1)),
    };

    public static TheoryData<string> Rows => new(Table.Keys);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Rule(string row)
    {
        var (act, expect) = Table[row];

        var decision = act();

        var next = decision.Next;
        Assert.Equal(expect.Status, next.Payment.Status);
        Assert.Equal(expect.Then, decision.Then);
        Assert.Equal(expect.Unresolved, next.Payment.Unresolved);
        Assert.Equal(expect.Code, next.Payment.Error?.Code);
        if (expect.Errors is { } errors)
        {
            Assert.Equal(errors, next.State.TechnicalErrors);
        }
        Assert.True(expect.Also?.Invoke(next) ?? true, "the row's own check");
        Assert.Equal(next.Payment.Status != PaymentStatus.Pending, next.Payment.CompletedAt is not null);
    }

    [Theory]
    [InlineData(0, 30)]
    [InlineData(1, 60)]
    [InlineData(3, 240)]
    [InlineData(5, 900)]
    [InlineData(9, 900)]
    public void NextRecheck_DoublesFromTheFirstDelay_CappedAtFifteenMinutes(int rechecks, int seconds)
    {
        var entry = Ended(PaymentStatus.TimedOut, PaymentErrorCodes.Timeout, rechecks: rechecks);

        Assert.Equal(Now.AddSeconds(seconds), PaymentLifecycle.NextRecheckAt(entry, Now, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void NextRecheck_PastTwelveHoursAfterCreation_None()
    {
        var entry = Ended(PaymentStatus.TimedOut, PaymentErrorCodes.Timeout, rechecks: 20);

        Assert.Null(PaymentLifecycle.NextRecheckAt(entry, entry.Payment.CreatedAt + TimeSpan.FromHours(12) - TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30)));
    }
}
