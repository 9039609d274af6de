using System.Text.Json;
using global::KassirClient;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.KassirClient;

/// <summary>RefundAsync refused by the gateway or cut off from it: Failed only when nothing can have been refunded.</summary>
public sealed partial class LocalPayClientRefundTests
{
    [Theory]
    [InlineData(404, "payment_not_found", "Платёж {0} не найден в платёжном шлюзе. Возврат не выполнен.")]
    [InlineData(409, "payment_not_paid", "Платёж {0} не оплачен: возвращать нечего. Возврат не выполнен.")]
    [InlineData(400, "validation_failed", "Платёжный шлюз не принял данные возврата: {1}. Возврат не выполнен.")]
    [InlineData(502, "webmoney_rejected", "{1}. Возврат не выполнен.")]
    [InlineData(503, "not_configured", "Платёжный шлюз не настроен: {1}. Возврат не выполнен.")]
    public async Task Refund_GatewayRefuses_FailedWithItsCode(int status, string code, string message)
    {
        var reason = "Возврат товара";
        string paymentId;
        switch (code)
        {
            case "payment_not_found":
                paymentId = "nope";
                break;
            case "payment_not_paid":
                using (var other = new PosClient(gateway.BaseAddress))
                {
                    paymentId = (await other.Client.CreateAsync(TestClients.Request(100.50m))).Id;
                }
                break;
            case "validation_failed":
                paymentId = await PaidAsync();
                reason = new string('x', 129);
                break;
            case "webmoney_rejected":
                paymentId = await PaidAsync();
                emulator.Host.AddFault(PosApi.RefundPayment, FaultKind.Refusal);
                break;
            default:
                await gateway.DisposeAsync();
                gateway = KassirGateway.Start(emulator, g => g.UseEmulatorSettings(emulator));
                paymentId = await PaidAsync();
                gateway.Switchable!.Current = gateway.Switchable.Current with { Problem = "Сертификат не открывается" };
                break;
        }
        using var pos = Pos();

        var result = await pos.Client.RefundAsync(paymentId, 100.50m, reason);

        var sent = Assert.Single(pos.Wire.Calls);
        Assert.Equal(status, sent.Status);
        var detail = JsonDocument.Parse(sent.Answer!).RootElement.TryGetProperty("detail", out var d) ? d.GetString()?.TrimEnd('.') : null;
        Assert.Equal((RefundOutcome.Failed, code, string.Format(message, paymentId, detail)), (result.Outcome, result.ErrorCode, result.Message));
        // The gateway's sentence is said once, not prefixed with its own first words again.
        Assert.DoesNotMatch(@"(WebMoney отказал в возврате|Платёжный шлюз не настроен).*\1", result.Message);
    }

    [Fact]
    public async Task Refund_MoreThanIsLeft_FailedSayingHowMuchIsRefundable()
    {
        var paymentId = await PaidAsync();
        using var pos = Pos();
        Assert.Equal(RefundOutcome.Succeeded, (await pos.Client.RefundAsync(paymentId, 60.25m)).Outcome);

        var result = await pos.Client.RefundAsync(paymentId, 100.50m);

        Assert.Equal(RefundOutcome.Failed, result.Outcome);
        Assert.Equal(40.25m, result.RefundableAmount);
        Assert.Equal("Сумма возврата больше, чем осталось по платежу (можно вернуть не более 40,25 ₽). Возврат не выполнен.", result.Message);
    }

    [Fact]
    public async Task Refund_WebMoneyUnavailable_UnknownNeverFailed()
    {
        var paymentId = await PaidAsync();
        using var pos = Pos();
        emulator.Host.AddFault(PosApi.RefundPayment, FaultKind.Http500, 4); // MaxStatusErrors 3: the 4th gives up

        var result = await gateway.AdvanceUntilAsync(pos.Client.RefundAsync(paymentId, 100.50m), maxSeconds: 60);

        Assert.Equal(502, pos.Wire.Calls.Single().Status);
        Assert.Equal((RefundOutcome.Unknown, "webmoney_unavailable"), (result.Outcome, result.ErrorCode));
    }

    [Fact]
    public async Task Refund_AnswerLost_ReplaysTheSameKeyAndGetsTheRefund()
    {
        var paymentId = await PaidAsync();
        using var pos = Pos(inner: new LosingHandler(1, which: r => r.Method == HttpMethod.Post));

        // The retry's backoff runs on the fake clock: it is moved until the client is done.
        var result = await gateway.AdvanceUntilAsync(pos.Client.RefundAsync(paymentId, 100.50m), maxSeconds: 10, stepSeconds: 0.1);

        Assert.Equal(RefundOutcome.Succeeded, result.Outcome);
        Assert.Equal(2, pos.Wire.Calls.Count);
        Assert.Single(pos.Wire.Calls.Select(r => r.IdempotencyKey).Distinct());
        Assert.Single(emulator.Host.GetRefunds(), r => r.TransactionId == gateway.TransactionOf(paymentId));
    }

    [Fact]
    public async Task Refund_AnswerLostThenRefused_UnknownBecauseTheFirstMayHaveRefunded()
    {
        // Meanwhile the whole amount went back through another till; this client's first request was cut on its way.
        var paymentId = await PaidAsync();
        using (var other = Pos())
        {
            Assert.Equal(RefundOutcome.Succeeded, (await other.Client.RefundAsync(paymentId)).Outcome);
        }
        using var pos = Pos(inner: new LosingHandler(1, beforeSending: true, which: r => r.Method == HttpMethod.Post));

        var result = await gateway.AdvanceUntilAsync(pos.Client.RefundAsync(paymentId, 100.50m), maxSeconds: 10, stepSeconds: 0.1);

        Assert.Equal(409, pos.Wire.Calls[^1].Status);
        Assert.Equal((RefundOutcome.Unknown, "refund_exceeds_payment"), (result.Outcome, result.ErrorCode));
    }

    [Fact]
    public async Task Refund_GatewayNotRunning_FailedNothingSent()
    {
        using var pos = new PosClient(TestClients.ClosedAddress(), o => o.UseTime(emulator.Time));

        var result = await gateway.AdvanceUntilAsync(pos.Client.RefundAsync("p1", 100.50m), maxSeconds: 10, stepSeconds: 0.1);

        Assert.Equal((RefundOutcome.Failed, LocalPayErrorCodes.GatewayUnreachable), (result.Outcome, result.ErrorCode));
        Assert.Equal(4, pos.Wire.Calls.Count);
        Assert.Equal(4, pos.Wire.Refused);
    }

    [Fact]
    public async Task Refund_GatewayLostWhilePending_Unknown()
    {
        var paymentId = await PaidAsync();
        using var pos = Pos(o => o.RefundTimeout = TimeSpan.FromSeconds(30));
        emulator.Host.RefundsPending = true;
        var refund = pos.Client.RefundAsync(paymentId, 100.50m);
        await pos.Wire.WaitForLongPollsAsync();
        var refundId = emulator.Host.GetRefunds()[^1].RefundId;

        await gateway.CrashForGoodAsync();
        var result = await gateway.AdvanceUntilAsync(refund, maxSeconds: 60);

        Assert.Equal((RefundOutcome.Unknown, LocalPayErrorCodes.GatewayUnreachable, refundId), (result.Outcome, result.ErrorCode, result.RefundId));
    }
}
