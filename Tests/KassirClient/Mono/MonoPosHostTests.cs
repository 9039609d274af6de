using Tests.Support;
using WebMoneyContract;

namespace Tests.KassirClient.Mono;

/// <summary>Compiles the POS program once and starts one real gateway over one emulator for the class.</summary>
public sealed class MonoPosHostFixture : IAsyncLifetime
{
    internal MonoPosHost Host { get; private set; } = null!;

    internal FakeClockEmulatorFixture Emulator { get; } = new();

    internal GatewayHarness Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await MonoPosHost.CompileAsync();
        await Emulator.InitializeAsync();
        Gateway = KassirGateway.Start(Emulator);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Emulator.DisposeAsync();
        Host.Dispose();
    }
}

/// <summary>
/// KassirClient.dll alone beside a .NET Framework 4.6.2 POS program under Mono (SPEC §7), against the real
/// gateway on Kestrel and the real WebMoney emulator: each way a pay can end, through the blocking <c>Pay</c>
/// called on a WinForms-like UI thread (sync) and through <c>PayAsync</c> awaited on it (async).
/// </summary>
public sealed class MonoPosHostTests(MonoPosHostFixture fixture) : IClassFixture<MonoPosHostFixture>
{
    private GatewayHarness Real => fixture.Gateway;

    private global::WebMoneyEmulator.EmulatorHost Emulator => fixture.Emulator.Host;

    [Fact]
    public void Folder_HoldsOnlyThePosProgramAndKassirClientDll()
    {
        var files = Directory.GetFileSystemEntries(fixture.Host.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(["KassirClient.dll", "PosHost.exe"], files);
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("async")]
    public async Task Pay_CustomerPays_Paid(string mode)
    {
        using var pos = fixture.Host.Start(Real.BaseAddress, "mono-paid-" + mode, mode);
        var (paymentId, onUiThread, deadline) = await pos.QrAsync();
        var atGateway = await GatewayPaymentAsync(paymentId);

        Real.PayAtWebMoney(paymentId);
        var result = await UntilResultAsync(pos);

        Assert.True(onUiThread);
        Assert.Equal(new PosResult("Paid", "", paymentId, "Оплачено"), result);
        Assert.Equal(atGateway.GetProperty("deadline").GetDateTimeOffset(), deadline); // the JSON date read under Mono
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("async")]
    public async Task Refund_PaidReceiptReturnedInFull_Succeeded(string mode)
    {
        using var pos = fixture.Host.Start(Real.BaseAddress, "mono-refund-" + mode, mode, amount: 99.90m, refund: true);
        var (paymentId, _, _) = await pos.QrAsync();

        Real.PayAtWebMoney(paymentId);
        Assert.Equal("Paid", (await UntilResultAsync(pos)).Outcome);
        var refund = await pos.RefundAsync();

        Assert.Equal(("Succeeded", "", "Возврат выполнен"), (refund.Outcome, refund.ErrorCode, refund.Message));
        var atWebMoney = Assert.Single(Emulator.GetRefunds(), r => r.RefundId == refund.PaymentId);
        Assert.Equal((Real.TransactionOf(paymentId), 99.90m), (atWebMoney.TransactionId, atWebMoney.Amount));
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("async")]
    public async Task Pay_FirstNodeDown_PaidThroughTheFallbackAddress(string mode)
    {
        await using var first = KassirGateway.Start(fixture.Emulator);
        await first.StopAsync();
        using var pos = fixture.Host.Start(first.BaseAddress, "mono-fallback-" + mode, mode, fallback: Real.BaseAddress);
        var (paymentId, _, _) = await pos.QrAsync();

        Real.PayAtWebMoney(paymentId);
        var result = await UntilResultAsync(pos);

        Assert.Equal(new PosResult("Paid", "", paymentId, "Оплачено"), result);
        Assert.Equal(paymentId, (await GatewayPaymentAsync(paymentId)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Pay_AmountOverTheGatewaysMaximum_FailedWithTheFieldsReason()
    {
        using var pos = fixture.Host.Start(Real.BaseAddress, "mono-invalid", "sync", amount: 2_000_000m);

        var result = await pos.ResultAsync();

        Assert.Equal(("Failed", "validation_failed", ""), (result.Outcome, result.ErrorCode, result.PaymentId));
        Assert.Equal("Платёжный шлюз не принял данные оплаты: Must not exceed 1000000 (Gateway:MaxAmount). Оплата не создана.", result.Message);
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("async")]
    public async Task Pay_CustomerDeclines_DeclinedWithWebMoneysReason(string mode)
    {
        using var pos = fixture.Host.Start(Real.BaseAddress, "mono-declined-" + mode, mode);
        var (paymentId, _, _) = await pos.QrAsync();

        Real.DeclineAtWebMoney(paymentId);
        var result = await UntilResultAsync(pos);

        Assert.Equal(("Declined", "declined", paymentId), (result.Outcome, result.ErrorCode, result.PaymentId));
        Assert.StartsWith("Платёж отклонён", result.Message);
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("async")]
    public async Task Pay_CashierCancels_CancelledAndCancelledAtWebMoney(string mode)
    {
        var counts = new EmulatorBaseline(fixture.Emulator);
        using var pos = fixture.Host.Start(Real.BaseAddress, "mono-cancel-" + mode, mode);
        var (paymentId, _, _) = await pos.QrAsync();

        await pos.CancelAsync();
        var result = await pos.ResultAsync();

        Assert.Equal(new PosResult("Cancelled", "cancelled_by_cashier", paymentId, "Оплата отменена"), result);
        Assert.Equal(1, counts.Calls(PosApi.CancelPayment));
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("async")]
    public async Task Pay_GatewayNotRunning_FailedAndNothingCreated(string mode)
    {
        using var pos = fixture.Host.Start(TestClients.ClosedAddress(), "mono-down-" + mode, mode);

        var result = await pos.ResultAsync();

        Assert.Equal(("Failed", "gateway_unreachable", ""), (result.Outcome, result.ErrorCode, result.PaymentId));
        Assert.StartsWith("Платёжный шлюз недоступен: оплата не создана.", result.Message);
    }

    [Theory]
    [InlineData("sync")]
    [InlineData("async")]
    public async Task Pay_GatewayLostWhileWaiting_UnknownNeverFailed(string mode)
    {
        await using var real = KassirGateway.Start(fixture.Emulator);
        using var pos = fixture.Host.Start(real.BaseAddress, "mono-lost-" + mode, mode, maxWaitSeconds: 4);
        var (paymentId, _, _) = await pos.QrAsync();

        await real.CrashForGoodAsync();
        var result = await pos.ResultAsync();

        Assert.Equal(("Unknown", "gateway_unreachable", paymentId), (result.Outcome, result.ErrorCode, result.PaymentId));
        Assert.StartsWith("Результат оплаты неизвестен: нет связи с платёжным шлюзом", result.Message);
    }

    /// <summary>
    /// Moves the gateway's clock (its poller runs on it) a few seconds at a time while the POS waits, staying far
    /// below the payment's 120 s deadline, then waits for the POS on real time.
    /// </summary>
    private async Task<PosResult> UntilResultAsync(PosRun pos)
    {
        var result = pos.ResultAsync();
        for (var i = 0; i < 30 && !result.IsCompleted; i++)
        {
            fixture.Emulator.Time.Advance(TimeSpan.FromSeconds(2));
            await Task.WhenAny(result, Task.Delay(100));
        }

        return await result;
    }

    private async Task<System.Text.Json.JsonElement> GatewayPaymentAsync(string paymentId)
    {
        using var http = new HttpClient { BaseAddress = Real.BaseAddress };
        return System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/payments/" + paymentId)).RootElement.Clone();
    }
}
