using Gateway.Payments;
using Gateway.Storage;
using Microsoft.Extensions.Logging;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.Gateway.Payments;

/// <summary>
/// SPEC §4 "a QR is never left payable by an ending WebMoney has not confirmed", against the real emulator: every
/// ending without a definite "not paid" sends CancelPayment at once (background checks are set far off here, so
/// only "at once" can do it), and the cashier's cancel of such a payment asks WebMoney again.
/// </summary>
public sealed class UnconfirmedEndingTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task TechnicalErrors_FourHttp500s_CancelSentAtOnce_CashiersCancelAsksAgain_CustomerCannotPay()
    {
        emulator.Host.ClearFaults();
        using var gateway = new GatewayHarness().UseEmulatorSettings(emulator).RecheckFirstAfter(600).Observe(out var events);
        var http = gateway.CreateClient();
        var (id, transactionId) = await http.CreatePaymentAsync("UE-tech");
        var cancelsBefore = await emulator.StatsAsync(PosApi.CancelPayment);
        // 4 polls fail it; the 5th status (after the at-once cancel) and that cancel fail too: still unresolved.
        emulator.Host.AddFault(PosApi.GetPaymentStatus, FaultKind.Http500, 5);
        emulator.Host.AddFault(PosApi.CancelPayment, FaultKind.Http500, 1);

        var failed = await events.FinalAsync(id);
        Assert.True(await Eventually.TrueAsync(async () => await emulator.StatsAsync(PosApi.CancelPayment) == cancelsBefore + 1, TimeSpan.FromSeconds(30)));
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(emulator.Host.GetFaults().Count == 0), TimeSpan.FromSeconds(30)));
        var statusesBefore = await emulator.StatsAsync(PosApi.GetPaymentStatus);
        var cancelled = await http.CancelPaymentAsync(id);

        Assert.Equal(PaymentStatus.Failed, failed.Status);
        Assert.Equal(PaymentErrorCodes.TechnicalErrors, failed.Error!.Code);
        Assert.True(failed.Unresolved);
        Assert.Equal(cancelsBefore + 2, await emulator.StatsAsync(PosApi.CancelPayment));
        Assert.Equal(statusesBefore + 1, await emulator.StatsAsync(PosApi.GetPaymentStatus));
        Assert.Equal("failed", cancelled.GetProperty("status").GetString());
        Assert.False(cancelled.GetProperty("unresolved").GetBoolean());
        Assert.Contains(CashierMessages.NotPaid, cancelled.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(WireStatus.Cancelled, await emulator.StatusAtWebMoneyAsync(id));
        Assert.Equal(global::WebMoneyEmulator.Transactions.ControlResult.AlreadyFinal, emulator.Host.Pay(transactionId, out _));
    }

    [Fact]
    public async Task Refusal_ToAStatusPoll_DeclinedUnresolved_CancelSentAtOnce()
    {
        emulator.Host.ClearFaults();
        using var gateway = new GatewayHarness().UseEmulatorSettings(emulator).RecheckFirstAfter(600).Observe(out var events);
        var http = gateway.CreateClient();
        var (id, _) = await http.CreatePaymentAsync("UE-refusal");
        emulator.Host.AddFault(PosApi.GetPaymentStatus, FaultKind.Refusal, 1);

        var declined = await events.FinalAsync(id);

        Assert.Equal(PaymentStatus.Declined, declined.Status);
        Assert.True(declined.Unresolved);
        Assert.DoesNotContain(CashierMessages.NotPaid, declined.Error!.Message);
        Assert.True(await Eventually.TrueAsync(async () => await emulator.StatusAtWebMoneyAsync(id) == WireStatus.Cancelled, TimeSpan.FromSeconds(20)),
            "the QR was left payable");
    }

    [Fact]
    public async Task Refusal_ForClockSkew_TellsTheCashierAndTheAdministratorAboutTheClock()
    {
        emulator.Host.ClearFaults();
        using var gateway = new GatewayHarness().UseEmulatorSettings(emulator).RecheckFirstAfter(600).Observe(out var events);
        var http = gateway.CreateClient();
        var (id, _) = await http.CreatePaymentAsync("UE-clock");
        emulator.Host.AddFault(PosApi.GetPaymentStatus, FaultKind.Refusal, 1, resultCode: ResultCodes.ClockSkew);

        var declined = await events.FinalAsync(id);

        Assert.Contains("часы", declined.Error!.Message);
        Assert.Contains(gateway.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("clock skew"));
    }

    [Fact]
    public async Task UnknownStatus_IsATechnicalError_NeverStillWaiting()
    {
        emulator.Host.ClearFaults();
        using var gateway = new GatewayHarness().UseEmulatorSettings(emulator).RecheckFirstAfter(600).Observe(out var events);
        var http = gateway.CreateClient();
        var (id, _) = await http.CreatePaymentAsync("UE-unknown");
        emulator.Host.AddFault(PosApi.GetPaymentStatus, FaultKind.UnknownStatus, 4);

        var failed = await events.FinalAsync(id);

        Assert.Equal(PaymentStatus.Failed, failed.Status);
        Assert.Equal(PaymentErrorCodes.TechnicalErrors, failed.Error!.Code);
        Assert.Contains(gateway.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("'Frozen'"));
    }

    [Fact]
    public async Task PollJustBeforeTheDeadline_TimesOut_EndsByTheDeadlinesCancelAndFinalCheck()
    {
        emulator.Host.ClearFaults();
        // No technical error tolerated, and the first poll comes when less than a second is left: its short timeout
        // must not end the payment technical_errors.
        using var gateway = new GatewayHarness().UseEmulatorSettings(emulator, timeoutSeconds: 3, maxStatusErrors: 0).RecheckFirstAfter(600).PollEvery(2.2).Observe(out var events);
        var http = gateway.CreateClient();
        emulator.Host.AddFault(PosApi.GetPaymentStatus, FaultKind.Hang, 1);
        var (id, _) = await http.CreatePaymentAsync("UE-deadline");

        var ended = await events.FinalAsync(id);

        Assert.Equal(PaymentStatus.TimedOut, ended.Status);
        Assert.Equal(PaymentErrorCodes.Timeout, ended.Error!.Code);
        Assert.Equal(WireStatus.Cancelled, await emulator.StatusAtWebMoneyAsync(id));
    }
}
