using global::KassirClient;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.KassirClient;

/// <summary>
/// <c>RefundAsync</c> against the real gateway on Kestrel and the real emulator (SPEC §10), on the shared fake clock
/// (the client's too, so its RefundTimeout runs on it): what the cashier sees for a return receipt.
/// </summary>
public sealed class RealGatewayRefundTests(FakeClockEmulatorFixture emulator) : IClassFixture<FakeClockEmulatorFixture>, IAsyncLifetime
{
    private GatewayHarness real = null!;
    private EmulatorBaseline counts = null!;
    private PosClient pos = null!;

    public Task InitializeAsync()
    {
        counts = new EmulatorBaseline(emulator);
        real = KassirGateway.Start(emulator);
        pos = new PosClient(real.BaseAddress, o => o.UseTime(emulator.Time));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        pos.Dispose();
        await real.DisposeAsync();
    }

    [Fact]
    public async Task Refund_WholePayment_Succeeded_AndWebMoneyRefundedItOnce()
    {
        var paymentId = await PaidAsync(1234.50m);

        var result = await pos.Client.RefundAsync(paymentId, reason: "Возврат товара, чек 000123");

        Assert.Equal(RefundOutcome.Succeeded, result.Outcome);
        Assert.Equal("Возврат выполнен", result.Message);
        Assert.Equal(1234.50m, result.Amount);
        var atWebMoney = Assert.Single(counts.Refunds());
        Assert.Equal((result.RefundId, result.RefundTransactionId, 1234.50m), (atWebMoney.RefundId, atWebMoney.RefundTransactionId, atWebMoney.Amount));
        Assert.Equal(WireRefundStatus.Completed, atWebMoney.Status);
        Assert.Equal(1, counts.Calls(PosApi.RefundPayment));
    }

    [Fact]
    public async Task Refund_MoreThanThePayment_FailedInRussianWithWhatIsLeft_NothingSent()
    {
        var paymentId = await PaidAsync(1234.50m);

        var result = await pos.Client.RefundAsync(paymentId, 2000m);

        Assert.Equal(RefundOutcome.Failed, result.Outcome);
        Assert.Equal("refund_exceeds_payment", result.ErrorCode);
        Assert.Equal(1234.50m, result.RefundableAmount);
        Assert.Equal("Сумма возврата больше, чем осталось по платежу (можно вернуть не более 1234,50 ₽). Возврат не выполнен.", result.Message);
        Assert.Equal(0, counts.Calls(PosApi.RefundPayment));
        Assert.Empty(counts.Refunds());
    }

    [Fact]
    public async Task Refund_WebMoneyKeepsItPending_CompletedByTheControlApiWhileTheClientWaits_Succeeded()
    {
        var paymentId = await PaidAsync(1234.50m);
        emulator.Host.RefundsPending = true;

        var refund = pos.Client.RefundAsync(paymentId, 200m);
        var pending = await WaitForAsync(() => counts.Refunds().SingleOrDefault());
        Assert.False(refund.IsCompleted);
        (await emulator.Control.PostAsync($"/emulator/refunds/{pending.RefundTransactionId}/complete", null)).EnsureSuccessStatusCode();
        var result = await real.AdvanceUntilAsync(refund, maxSeconds: 60);

        Assert.Equal(RefundOutcome.Succeeded, result.Outcome);
        Assert.Equal(200m, result.Amount);
        Assert.Equal(pending.RefundTransactionId, result.RefundTransactionId);
        Assert.Equal(1, counts.Calls(PosApi.RefundPayment));
        Assert.True(counts.Calls(PosApi.GetRefundStatus) >= 1);
    }

    [Fact]
    public async Task Refund_StatusQueriesKeepFailing_UnknownNeverFailed()
    {
        var paymentId = await PaidAsync(1234.50m);
        emulator.Host.RefundsPending = true;
        emulator.Host.AddFault(PosApi.GetRefundStatus, FaultKind.Http500, 10_000);

        var result = await real.AdvanceUntilAsync(pos.Client.RefundAsync(paymentId, 200m), maxSeconds: 400, stepSeconds: 5);

        Assert.Equal(RefundOutcome.Unknown, result.Outcome);
        Assert.NotNull(result.RefundId);
        Assert.Contains("Не возвращайте деньги другим способом", result.Message);
        Assert.True(counts.Calls(PosApi.GetRefundStatus) > 3, "the gateway kept asking");
        Assert.Equal(1, counts.Calls(PosApi.RefundPayment));
        using var check = new HttpClient();
        var seen = await check.GetStringAsync(new Uri(real.BaseAddress, $"/refunds/{result.RefundId}"));
        Assert.Contains("\"status\":\"pending\"", seen);
        Assert.Contains("\"unresolved\":true", seen);
    }

    private async Task<string> PaidAsync(decimal amount)
    {
        var paid = await real.PayAsync(pos.Client, TestClients.Request(amount), qr => real.PayAtWebMoney(qr.PaymentId));
        Assert.Equal(PaymentOutcome.Paid, paid.Outcome);
        return paid.PaymentId!;
    }

    private static async Task<T> WaitForAsync<T>(Func<T?> probe)
        where T : class
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }
            await Task.Delay(20, limit.Token);
        }
    }
}
