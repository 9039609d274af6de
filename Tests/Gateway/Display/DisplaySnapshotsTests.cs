using CustomerDisplay;
using Gateway.Display;
using Gateway.Payments;
using Gateway.Storage;

namespace Tests.Gateway.Display;

public sealed class DisplaySnapshotsTests
{
    private static readonly TimeSpan ResultTime = TimeSpan.FromSeconds(8);

    [Fact]
    public void PendingWithQr_IsAwaitingWithTheQrAsInlineSvg()
    {
        var payment = TestPayments.Awaiting("T1", PaymentSystem.WeChat);

        var snapshot = DisplaySnapshots.From(payment, ResultTime);

        Assert.Equal(DisplayPhase.Awaiting, snapshot.Phase);
        Assert.StartsWith("<svg", snapshot.QrSvg, StringComparison.Ordinal);
        Assert.Equal(payment.QrPayload, snapshot.QrPayload);
        Assert.Equal("weChat", snapshot.PaymentSystem);
        Assert.Equal(payment.Deadline, snapshot.Deadline);
        Assert.Equal(payment.Version, snapshot.PaymentVersion);
    }

    [Fact]
    public void PendingBeforeTheQrIsKnown_ShowsNothingToTheCustomerYet()
    {
        var payment = TestPayments.Awaiting("T1") with { QrPayload = null };

        var snapshot = DisplaySnapshots.From(payment, ResultTime);

        Assert.Equal(DisplayPhase.Idle, snapshot.Phase);
    }

    [Fact]
    public void Paid_DropsTheQrAndReturnsToIdleResultSecondsAfterCompletion()
    {
        var completedAt = TestPayments.ServerStart.AddSeconds(40);
        var payment = TestPayments.Paid(TestPayments.Awaiting("T1"), completedAt);

        var snapshot = DisplaySnapshots.From(payment, ResultTime);

        Assert.Equal(DisplayPhase.Paid, snapshot.Phase);
        Assert.Null(snapshot.QrSvg);
        Assert.Equal(completedAt.AddSeconds(8), snapshot.IdleAt);
    }

    [Fact]
    public void Declined_ShowsWebMoneysReason()
    {
        var payment = TestPayments.Declined(TestPayments.Awaiting("T1"), TestPayments.ServerStart, "Недостаточно средств");

        var snapshot = DisplaySnapshots.From(payment, ResultTime);

        Assert.Equal(DisplayPhase.Failed, snapshot.Phase);
        Assert.Equal("Недостаточно средств", snapshot.Message);
        Assert.Equal("declined", snapshot.ErrorCode);
    }

    [Theory]
    [InlineData(PaymentStatus.TimedOut, "Время ожидания оплаты истекло")]
    [InlineData(PaymentStatus.Cancelled, "Оплата отменена")]
    [InlineData(PaymentStatus.Failed, "Оплата не прошла")]
    public void FailedWithoutAMessage_ExplainsItInRussian(PaymentStatus status, string message)
    {
        var payment = TestPayments.Awaiting("T1") with { Status = status, CompletedAt = TestPayments.ServerStart };

        var snapshot = DisplaySnapshots.From(payment, ResultTime);

        Assert.Equal(DisplayPhase.Failed, snapshot.Phase);
        Assert.Equal(message, snapshot.Message);
    }
}
