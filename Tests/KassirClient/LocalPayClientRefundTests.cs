using System.Text.Json;
using global::KassirClient;
using Tests.Support;

namespace Tests.KassirClient;

/// <summary>
/// <c>Refund</c>/<c>RefundAsync</c> (SPEC §10) against the real gateway and emulator, the client on the gateway's
/// fake clock (its RefundTimeout runs on it). The money rule as for payments: Failed only when nothing can have
/// been refunded, Unknown whenever it may have been.
/// </summary>
public sealed partial class LocalPayClientRefundTests(FakeClockEmulatorFixture emulator) : IClassFixture<FakeClockEmulatorFixture>, IAsyncLifetime
{
    private readonly FakeClockEmulatorFixture emulator = emulator;

    private GatewayHarness gateway = null!;

    public Task InitializeAsync()
    {
        gateway = KassirGateway.Start(emulator);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task Refund_WebMoneyRefundsAtOnce_SucceededWithItsIds()
    {
        var paymentId = await PaidAsync();
        using var pos = Pos();

        var result = await pos.Client.RefundAsync(paymentId, 100.50m, "Возврат товара");

        Assert.Equal(RefundOutcome.Succeeded, result.Outcome);
        Assert.True(result.IsSucceeded);
        Assert.Equal("Возврат выполнен", result.Message);
        var atWebMoney = Assert.Single(emulator.Host.GetRefunds(), r => r.RefundId == result.RefundId);
        Assert.Equal((atWebMoney.RefundTransactionId, 100.50m, paymentId), (result.RefundTransactionId, result.Amount, result.PaymentId));
        Assert.Null(result.ErrorCode);
        var sent = Assert.Single(pos.Wire.Calls);
        Assert.Equal(("POST", $"/payments/{paymentId}/refunds"), (sent.Method, sent.PathAndQuery));
        Assert.Equal("""{"amount":100.50,"reason":"Возврат товара"}""", sent.Body);
        Assert.True(Guid.TryParse(sent.IdempotencyKey, out _));
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", sent.TraceParent);
    }

    [Fact]
    public async Task Refund_NoAmount_AsksForTheWholeRefundableAmount()
    {
        var paymentId = await PaidAsync();
        using var pos = Pos();

        var result = await pos.Client.RefundAsync(paymentId);

        Assert.Equal("{}", pos.Wire.Calls.Single().Body);
        Assert.Equal(100.50m, result.Amount);
    }

    [Fact]
    public async Task Refund_PendingThenSucceeded_LongPollsTheRefund()
    {
        var paymentId = await PaidAsync();
        using var pos = Pos();
        emulator.Host.RefundsPending = true;

        var refund = pos.Client.RefundAsync(paymentId, 100.50m);
        await pos.Wire.WaitForLongPollsAsync();
        emulator.Host.CompleteRefund(emulator.Host.GetRefunds()[^1].RefundTransactionId, out _);
        var result = await gateway.AdvanceUntilAsync(refund, maxSeconds: 60);

        Assert.Equal(RefundOutcome.Succeeded, result.Outcome);
        Assert.All(pos.Wire.Calls.Skip(1), r => Assert.StartsWith($"/refunds/{result.RefundId}?waitSeconds=", r.PathAndQuery));
        Assert.Single(pos.Wire.Calls.Select(r => r.TraceParent.Split('-')[1]).Distinct());
    }

    [Fact]
    public async Task Refund_StillPendingAfterRefundTimeout_UnknownNeverFailed()
    {
        var paymentId = await PaidAsync();
        using var pos = Pos(o => o.RefundTimeout = TimeSpan.FromSeconds(30));
        emulator.Host.RefundsPending = true;

        var result = await gateway.AdvanceUntilAsync(pos.Client.RefundAsync(paymentId, 100.50m), maxSeconds: 60);

        Assert.Equal(RefundOutcome.Unknown, result.Outcome);
        Assert.Equal(LocalPayErrorCodes.NotConfirmed, result.ErrorCode);
        Assert.Equal(emulator.Host.GetRefunds()[^1].RefundId, result.RefundId);
        Assert.Contains("Не возвращайте деньги другим способом", result.Message);
    }

    [Fact]
    public async Task Refund_WebMoneyRefuses_FailedWithTheGatewaysMessage()
    {
        var paymentId = await PaidAsync();
        using var pos = Pos();
        emulator.Host.RefundsPending = true;

        var refund = pos.Client.RefundAsync(paymentId, 100.50m);
        await pos.Wire.WaitForLongPollsAsync();
        emulator.Host.RejectRefund(emulator.Host.GetRefunds()[^1].RefundTransactionId, out _);
        var result = await gateway.AdvanceUntilAsync(refund, maxSeconds: 60);

        var error = JsonDocument.Parse(pos.Wire.Calls[^1].Answer!).RootElement.GetProperty("error");
        Assert.Equal(RefundOutcome.Failed, result.Outcome);
        Assert.Equal($"Возврат не выполнен: {error.GetProperty("message").GetString()!.TrimEnd('.')}.", result.Message);
        Assert.Equal("declined", result.ErrorCode);
    }

    [Fact]
    public async Task Refund_FailedButUnresolved_Unknown()
    {
        // Stand-in: the real gateway keeps an unresolved refund pending; this pair is what an older one might send.
        var paymentId = await PaidAsync();
        emulator.Host.RefundsPending = true;
        var unresolved = AnswerRewriter.Json(r => r.Method == HttpMethod.Post, r =>
        {
            r["status"] = "failed";
            r["unresolved"] = true;
            r["error"] = new System.Text.Json.Nodes.JsonObject { ["code"] = "technical_errors", ["message"] = "Нет ответа от WebMoney" };
        });
        using var pos = Pos(inner: unresolved);

        var result = await pos.Client.RefundAsync(paymentId, 100.50m);

        Assert.Equal(RefundOutcome.Unknown, result.Outcome);
        Assert.Equal("technical_errors", result.ErrorCode);
        Assert.Contains("Нет ответа от WebMoney", result.Message);
    }

    [Fact]
    public async Task Refund_FloodLimiter429_WaitsItsRetryAfterThenRefunds()
    {
        var paymentId = await PaidAsync();
        gateway.Config("Security:Burst", "1").Config("Security:RequestsPerSecond", "1");
        gateway = await gateway.RestartAsync();
        using var pos = new PosClient(gateway.BaseAddress); // the limiter counts real seconds, and so does this client
        using (var flood = new HttpClient { BaseAddress = gateway.BaseAddress })
        {
            (await flood.GetAsync("/payment-types")).Dispose(); // takes the bucket's only token
        }

        var result = await pos.Client.RefundAsync(paymentId, 100.50m);

        var sent = pos.Wire.Calls;
        Assert.Equal(RefundOutcome.Succeeded, result.Outcome);
        Assert.Equal([429, 201], sent.Select(c => c.Status ?? 0).ToArray());
        Assert.True(sent[1].At - sent[0].At >= TimeSpan.FromSeconds(0.9), "the retry waited for Retry-After: 1");
        Assert.Single(sent.Select(r => r.IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task Refund_BlockingFormOnAUiThread_ReturnsWithoutDeadlock()
    {
        var paymentId = await PaidAsync();
        using var pos = Pos();
        emulator.Host.RefundsPending = true;
        using var ui = new SingleThreadSynchronizationContext();

        var refund = ui.Run(() => pos.Client.Refund(paymentId, 100.50m));
        await pos.Wire.WaitForLongPollsAsync();
        emulator.Host.CompleteRefund(emulator.Host.GetRefunds()[^1].RefundTransactionId, out _);
        var result = await gateway.AdvanceUntilAsync(refund, maxSeconds: 60);

        Assert.Equal(RefundOutcome.Succeeded, result.Outcome);
    }

    [Fact]
    public async Task Refund_HostHasAnActivity_SendsItsIdAsTraceparent()
    {
        var paymentId = await PaidAsync();
        using var pos = Pos();
        using var host = new System.Diagnostics.Activity("pos-refund").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C).Start();

        await pos.Client.RefundAsync(paymentId, 100.50m);

        Assert.Equal(host.Id, pos.Wire.Calls.Single().TraceParent);
    }

    [Fact]
    public async Task Refund_InvalidAmount_ThrowsBeforeSending()
    {
        using var pos = Pos();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => pos.Client.RefundAsync("p1", 1.005m));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => pos.Client.RefundAsync("p1", 0m));
        Assert.Empty(pos.Wire.Calls);
    }

    /// <summary>A refund client on the gateway's clock, its wire recorded from here on.</summary>
    private PosClient Pos(Action<LocalPayClientOptions>? tune = null, HttpMessageHandler? inner = null) =>
        new(gateway.BaseAddress, o =>
        {
            o.UseTime(emulator.Time);
            tune?.Invoke(o);
        }, inner);

    /// <summary>A payment of 100,50 ₽ the customer has paid.</summary>
    private async Task<string> PaidAsync()
    {
        using var pos = Pos();
        var paid = await gateway.PayAsync(pos.Client, TestClients.Request(100.50m), qr => gateway.PayAtWebMoney(qr.PaymentId));
        Assert.True(paid.Outcome == PaymentOutcome.Paid, $"{paid.Outcome} {paid.ErrorCode}: {paid.Message}");
        return paid.PaymentId!;
    }
}
