using Gateway.Refunds;
using Gateway.Storage;
using Gateway.WebMoney;
using WebMoneyContract;

namespace Tests.Gateway.Refunds;

/// <summary>The refund rules as pure functions: only WebMoney's word ends a refund; an unknown outcome is unresolved, never failed.</summary>
public sealed class RefundLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private static readonly RefundTiming Timing = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    private static Refund Fresh(int technicalErrors = 0, bool unresolved = false) => new()
    {
        Id = "r1", PaymentId = "p1", TransactionId = "t1", Amount = 10m, Status = RefundStatus.Pending, CreatedAt = Now,
        TechnicalErrors = technicalErrors, Unresolved = unresolved, MaxStatusErrors = 3,
    };

    private static WebMoneyOutcome<RefundAnswer> Answer(string status) =>
        new WebMoneyOutcome<RefundAnswer>.Success(new RefundAnswer("RT-1", status, "сообщение"));

    private static WebMoneyOutcome<T> Technical<T>() => new WebMoneyOutcome<T>.TechnicalError(TechnicalErrorKind.Timeout, "timeout");

    [Fact]
    public void SendAnswer_Completed_Succeeds()
    {
        var decision = RefundLifecycle.OnSendAnswer(Fresh(), Answer(WireRefundStatus.Completed), Now, Timing, sendPhaseOver: false);

        Assert.Equal(RefundStatus.Succeeded, decision.Refund.Status);
        Assert.Equal("RT-1", decision.Refund.RefundTransactionId);
        Assert.Equal(Now, decision.Refund.CompletedAt);
        Assert.Equal(RefundStep.None, decision.Step);
    }

    [Fact]
    public void SendAnswer_Pending_IsPolledAtThePollInterval()
    {
        var decision = RefundLifecycle.OnSendAnswer(Fresh(technicalErrors: 2), Answer(WireRefundStatus.Pending), Now, Timing, sendPhaseOver: false);

        Assert.Equal(RefundStatus.Pending, decision.Refund.Status);
        Assert.Equal(0, decision.Refund.TechnicalErrors);
        Assert.Equal(RefundStep.CheckLater, decision.Step);
        Assert.Equal(Timing.PollInterval, decision.Delay);
    }

    [Fact]
    public void SendAnswer_RejectedOrRefused_FailsWithWebMoneysMessage()
    {
        var rejected = RefundLifecycle.OnSendAnswer(Fresh(), Answer(WireRefundStatus.Rejected), Now, Timing, sendPhaseOver: false);
        var refused = RefundLifecycle.OnSendAnswer(Fresh(), new WebMoneyOutcome<RefundAnswer>.Refusal(41, "превышение"), Now, Timing, sendPhaseOver: false);

        Assert.Equal((RefundStatus.Failed, RefundErrorCodes.Declined), (rejected.Refund.Status, rejected.Refund.Error!.Code));
        Assert.Equal((RefundStatus.Failed, RefundErrorCodes.WebMoneyRejected), (refused.Refund.Status, refused.Refund.Error!.Code));
        Assert.Contains("превышение", refused.Refund.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SendAnswer_TechnicalErrorWithinTheLimit_SendsAgainWithTheSameRefund()
    {
        var decision = RefundLifecycle.OnSendAnswer(Fresh(technicalErrors: 2), Technical<RefundAnswer>(), Now, Timing, sendPhaseOver: false);

        Assert.Equal(RefundStep.SendAgain, decision.Step);
        Assert.Equal(3, decision.Refund.TechnicalErrors);
        Assert.Equal("r1", decision.Refund.Id);
        Assert.False(decision.Refund.Unresolved);
    }

    [Fact]
    public void SendAnswer_FourthTechnicalErrorOrTimeUp_UnresolvedStillPending_NeverFailed()
    {
        var fourth = RefundLifecycle.OnSendAnswer(Fresh(technicalErrors: 3), Technical<RefundAnswer>(), Now, Timing, sendPhaseOver: false);
        var timeUp = RefundLifecycle.OnSendAnswer(Fresh(), Technical<RefundAnswer>(), Now, Timing, sendPhaseOver: true);

        foreach (var decision in new[] { fourth, timeUp })
        {
            Assert.Equal(RefundStatus.Pending, decision.Refund.Status);
            Assert.True(decision.Refund.Unresolved);
            Assert.Equal(RefundErrorCodes.WebMoneyUnavailable, decision.Refund.Error!.Code);
            Assert.Equal(RefundStep.CheckLater, decision.Step);
            Assert.Equal(Timing.RecheckFirst, decision.Delay);
        }
    }

    [Theory]
    [InlineData(TechnicalErrorKind.Timeout)]
    [InlineData(TechnicalErrorKind.Connect)]
    [InlineData(TechnicalErrorKind.Unreadable)]
    public void SendAnswer_RefusalOfAResendAfterASendThatMayHaveArrived_UnresolvedAndReserved_NeverFailed(TechnicalErrorKind first)
    {
        var lost = RefundLifecycle.OnSendAnswer(Fresh(), new WebMoneyOutcome<RefundAnswer>.TechnicalError(first, "lost"), Now, Timing, sendPhaseOver: false);

        var resent = RefundLifecycle.OnSendAnswer(lost.Refund, new WebMoneyOutcome<RefundAnswer>.Refusal(11, "Время запроса расходится"), Now, Timing, sendPhaseOver: false);

        Assert.True(lost.Refund.MayHaveArrived);
        Assert.Equal(RefundStatus.Pending, resent.Refund.Status);
        Assert.True(resent.Refund.Unresolved);
        Assert.Equal(RefundErrorCodes.WebMoneyUnavailable, resent.Refund.Error!.Code);
        Assert.Null(resent.Refund.CompletedAt);
        Assert.True(resent.Refund.AwaitsSendAnswer, "re-sent with the same RefundId until WebMoney answers about it");
        Assert.Equal(RefundStep.CheckLater, resent.Step);
        Assert.Equal(Timing.RecheckFirst, resent.Delay);
    }

    [Theory]
    [InlineData(TechnicalErrorKind.HttpStatus)]
    [InlineData(TechnicalErrorKind.SoapFault)]
    [InlineData(TechnicalErrorKind.TemporaryResultCode)]
    [InlineData(TechnicalErrorKind.Tls)]
    public void SendAnswer_RefusalAfterAnErrorThatProvesNothingWasDone_Failed(TechnicalErrorKind first)
    {
        var refused = RefundLifecycle.OnSendAnswer(Fresh(), new WebMoneyOutcome<RefundAnswer>.TechnicalError(first, "not done"), Now, Timing, sendPhaseOver: false);

        var resent = RefundLifecycle.OnSendAnswer(refused.Refund, new WebMoneyOutcome<RefundAnswer>.Refusal(41, "превышение"), Now, Timing, sendPhaseOver: false);

        Assert.False(refused.Refund.MayHaveArrived);
        Assert.Equal((RefundStatus.Failed, RefundErrorCodes.WebMoneyRejected), (resent.Refund.Status, resent.Refund.Error!.Code));
    }

    [Fact]
    public void Resume_OfAnUnansweredRefund_MayHaveArrived_SoItsNextRefusalIsNoAnswer()
    {
        var resumed = RefundLifecycle.OnResume(Fresh());
        var answered = RefundLifecycle.OnResume(Fresh() with { RefundTransactionId = "RT-1" });

        var refused = RefundLifecycle.OnSendAnswer(resumed, new WebMoneyOutcome<RefundAnswer>.Refusal(41, "превышение"), Now, Timing, sendPhaseOver: true);

        Assert.True(resumed.MayHaveArrived);
        Assert.False(answered.MayHaveArrived);
        Assert.Equal(RefundStatus.Pending, refused.Refund.Status);
        Assert.True(refused.Refund.Unresolved);
    }

    [Fact]
    public void StatusAnswer_FourthTechnicalErrorInARow_Unresolved_AWellFormedAnswerResolvesIt()
    {
        var polled = Fresh() with { RefundTransactionId = "RT-1" };

        var third = RefundLifecycle.OnStatusAnswer(polled with { TechnicalErrors = 2 }, Technical<RefundStatusAnswer>(), Now, Timing);
        var fourth = RefundLifecycle.OnStatusAnswer(third.Refund, Technical<RefundStatusAnswer>(), Now, Timing);
        var answered = RefundLifecycle.OnStatusAnswer(fourth.Refund,
            new WebMoneyOutcome<RefundStatusAnswer>.Success(new RefundStatusAnswer(WireRefundStatus.Pending, null)), Now, Timing);

        Assert.False(third.Refund.Unresolved);
        Assert.True(fourth.Refund.Unresolved);
        Assert.Equal(RefundStatus.Pending, fourth.Refund.Status);
        Assert.False(answered.Refund.Unresolved);
        Assert.Null(answered.Refund.Error);
        Assert.Equal(0, answered.Refund.TechnicalErrors);
    }

    [Fact]
    public void StatusAnswer_Refusal_IsNoDefiniteAnswer_Unresolved()
    {
        var decision = RefundLifecycle.OnStatusAnswer(Fresh() with { RefundTransactionId = "RT-1" },
            new WebMoneyOutcome<RefundStatusAnswer>.Refusal(30, "Возврат не найден"), Now, Timing);

        Assert.Equal(RefundStatus.Pending, decision.Refund.Status);
        Assert.True(decision.Refund.Unresolved);
    }

    [Fact]
    public void Backoff_DoublesFromTheFirstInterval_UpToFifteenMinutes()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Timing.Backoff(0));
        Assert.Equal(TimeSpan.FromSeconds(60), Timing.Backoff(1));
        Assert.Equal(TimeSpan.FromMinutes(15), Timing.Backoff(10));
        Assert.Equal(TimeSpan.FromMinutes(15), Timing.Backoff(1000));
    }
}
