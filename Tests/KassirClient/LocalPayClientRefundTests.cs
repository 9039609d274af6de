using global::KassirClient;
using static Tests.KassirClient.RefundStubHandler;

namespace Tests.KassirClient;

/// <summary>
/// <c>Refund</c>/<c>RefundAsync</c> (SPEC §10) against the refund contract answered in memory
/// (<see cref="RefundStubHandler"/>; the real-gateway test waits for the gateway's refund API). The money rule
/// as for payments: Failed only when nothing can have been refunded, Unknown whenever it may have been.
/// </summary>
public sealed class LocalPayClientRefundTests
{
    private readonly LeapingTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Refund_WebMoneyRefundsAtOnce_SucceededWithItsIds()
    {
        var stub = new RefundStubHandler(Refund("succeeded"));

        var result = await Client(stub).RefundAsync("p1", 100.50m, "Возврат товара");

        Assert.Equal(RefundOutcome.Succeeded, result.Outcome);
        Assert.True(result.IsSucceeded);
        Assert.Equal("Возврат выполнен", result.Message);
        Assert.Equal(("r1", "wm-r-77", 100.50m, "p1"), (result.RefundId, result.RefundTransactionId, result.Amount, result.PaymentId));
        Assert.Null(result.ErrorCode);
        var sent = Assert.Single(stub.Requests);
        Assert.Equal(("POST", "/payments/p1/refunds"), (sent.Method, sent.PathAndQuery));
        Assert.Equal("""{"amount":100.50,"reason":"Возврат товара"}""", sent.Body);
        Assert.True(Guid.TryParse(sent.Key, out _));
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", sent.TraceParent);
    }

    [Fact]
    public async Task Refund_NoAmount_AsksForTheWholeRefundableAmount()
    {
        var stub = new RefundStubHandler(Refund("succeeded"));

        await Client(stub).RefundAsync("p1");

        Assert.Equal("{}", stub.Requests.Single().Body);
    }

    [Fact]
    public async Task Refund_PendingThenSucceeded_LongPollsTheRefund()
    {
        var stub = new RefundStubHandler(Refund("pending"), Refund("pending", 200), Refund("succeeded", 200));

        var result = await Client(stub).RefundAsync("p1", 100.50m);

        Assert.Equal(RefundOutcome.Succeeded, result.Outcome);
        Assert.All(stub.Requests.Skip(1), r => Assert.StartsWith("/refunds/r1?waitSeconds=", r.PathAndQuery));
        Assert.Single(stub.Requests.Select(r => r.TraceParent!.Split('-')[1]).Distinct());
    }

    [Fact]
    public async Task Refund_StillPendingAfterRefundTimeout_UnknownNeverFailed()
    {
        var stub = new RefundStubHandler(Refund("pending"), Refund("pending", 200));

        var result = await Client(stub, o => o.RefundTimeout = TimeSpan.FromSeconds(30)).RefundAsync("p1", 100.50m);

        Assert.Equal(RefundOutcome.Unknown, result.Outcome);
        Assert.Equal(LocalPayErrorCodes.NotConfirmed, result.ErrorCode);
        Assert.Equal("r1", result.RefundId);
        Assert.Contains("Не возвращайте деньги другим способом", result.Message);
    }

    [Fact]
    public async Task Refund_WebMoneyRefuses_FailedWithTheGatewaysMessage()
    {
        var stub = new RefundStubHandler(Refund("failed", errorCode: "webmoney_rejected", errorMessage: "Возврат запрещён"));

        var result = await Client(stub).RefundAsync("p1", 100.50m);

        Assert.Equal(RefundOutcome.Failed, result.Outcome);
        Assert.Equal("Возврат не выполнен: Возврат запрещён.", result.Message);
        Assert.Equal("webmoney_rejected", result.ErrorCode);
    }

    [Fact]
    public async Task Refund_FailedButUnresolved_Unknown()
    {
        var stub = new RefundStubHandler(Refund("failed", errorCode: "technical_errors", errorMessage: "Нет ответа от WebMoney", unresolved: true));

        var result = await Client(stub).RefundAsync("p1", 100.50m);

        Assert.Equal(RefundOutcome.Unknown, result.Outcome);
        Assert.Equal("technical_errors", result.ErrorCode);
        Assert.Contains("Нет ответа от WebMoney", result.Message);
    }

    [Theory]
    [InlineData(404, "payment_not_found", "Платёж p1 не найден в платёжном шлюзе. Возврат не выполнен.")]
    [InlineData(409, "payment_not_paid", "Платёж p1 не оплачен: возвращать нечего. Возврат не выполнен.")]
    [InlineData(400, "validation_failed", "Платёжный шлюз не принял данные возврата: Подробности. Возврат не выполнен.")]
    [InlineData(502, "webmoney_rejected", "WebMoney отказал в возврате: Подробности. Возврат не выполнен.")]
    [InlineData(503, "not_configured", "Платёжный шлюз не настроен: Подробности. Возврат не выполнен.")]
    public async Task Refund_GatewayRefuses_FailedWithItsCode(int status, string code, string message)
    {
        var stub = new RefundStubHandler(Problem(status, code));

        var result = await Client(stub).RefundAsync("p1", 100.50m);

        Assert.Equal((RefundOutcome.Failed, code, message), (result.Outcome, result.ErrorCode, result.Message));
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task Refund_MoreThanIsLeft_FailedSayingHowMuchIsRefundable()
    {
        var stub = new RefundStubHandler(Problem(409, "refund_exceeds_payment", ""","refundableAmount":40.25"""));

        var result = await Client(stub).RefundAsync("p1", 100.50m);

        Assert.Equal(RefundOutcome.Failed, result.Outcome);
        Assert.Equal(40.25m, result.RefundableAmount);
        Assert.Equal("Сумма возврата больше, чем осталось по платежу (можно вернуть не более 40,25 ₽). Возврат не выполнен.", result.Message);
    }

    [Fact]
    public async Task Refund_WebMoneyUnavailable_UnknownNeverFailed()
    {
        var stub = new RefundStubHandler(Problem(502, "webmoney_unavailable"));

        var result = await Client(stub).RefundAsync("p1", 100.50m);

        Assert.Equal((RefundOutcome.Unknown, "webmoney_unavailable"), (result.Outcome, result.ErrorCode));
    }

    [Fact]
    public async Task Refund_AnswerLost_ReplaysTheSameKeyAndGetsTheRefund()
    {
        var stub = new RefundStubHandler(Lost(), Refund("succeeded", 200));

        var result = await Client(stub).RefundAsync("p1", 100.50m);

        Assert.Equal(RefundOutcome.Succeeded, result.Outcome);
        Assert.Equal(2, stub.Requests.Count);
        Assert.Single(stub.Requests.Select(r => r.Key).Distinct());
    }

    [Fact]
    public async Task Refund_AnswerLostThenRefused_UnknownBecauseTheFirstMayHaveRefunded()
    {
        var stub = new RefundStubHandler(Lost(), Problem(409, "refund_exceeds_payment", ""","refundableAmount":0"""));

        var result = await Client(stub).RefundAsync("p1", 100.50m);

        Assert.Equal((RefundOutcome.Unknown, "refund_exceeds_payment"), (result.Outcome, result.ErrorCode));
    }

    [Fact]
    public async Task Refund_GatewayNotRunning_FailedNothingSent()
    {
        var stub = new RefundStubHandler(Refused());

        var result = await Client(stub).RefundAsync("p1", 100.50m);

        Assert.Equal((RefundOutcome.Failed, LocalPayErrorCodes.GatewayUnreachable), (result.Outcome, result.ErrorCode));
        Assert.Equal(4, stub.Requests.Count);
    }

    [Fact]
    public async Task Refund_GatewayLostWhilePending_Unknown()
    {
        var stub = new RefundStubHandler(Refund("pending"), Refused());

        var result = await Client(stub, o => o.RefundTimeout = TimeSpan.FromSeconds(30)).RefundAsync("p1", 100.50m);

        Assert.Equal((RefundOutcome.Unknown, LocalPayErrorCodes.GatewayUnreachable, "r1"), (result.Outcome, result.ErrorCode, result.RefundId));
    }

    [Fact]
    public async Task Refund_FloodLimiter429_WaitsItsRetryAfterThenRefunds()
    {
        var stub = new RefundStubHandler(TooManyRequests(3), Refund("succeeded"));
        var start = clock.GetUtcNow();

        var result = await Client(stub).RefundAsync("p1", 100.50m);

        Assert.Equal(RefundOutcome.Succeeded, result.Outcome);
        Assert.True(clock.GetUtcNow() - start >= TimeSpan.FromSeconds(3));
        Assert.Single(stub.Requests.Select(r => r.Key).Distinct());
    }

    [Fact]
    public async Task Refund_BlockingFormOnAUiThread_ReturnsWithoutDeadlock()
    {
        var stub = new RefundStubHandler(Refund("pending"), Refund("succeeded", 200));
        using var ui = new SingleThreadSynchronizationContext();
        var client = Client(stub);

        var result = await ui.Run(() => client.Refund("p1", 100.50m)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(RefundOutcome.Succeeded, result.Outcome);
    }

    [Fact]
    public async Task Refund_HostHasAnActivity_SendsItsIdAsTraceparent()
    {
        var stub = new RefundStubHandler(Refund("succeeded"));
        using var host = new System.Diagnostics.Activity("pos-refund").SetIdFormat(System.Diagnostics.ActivityIdFormat.W3C).Start();

        await Client(stub).RefundAsync("p1", 100.50m);

        Assert.Equal(host.Id, stub.Requests.Single().TraceParent);
    }

    [Fact]
    public async Task Refund_InvalidAmount_ThrowsBeforeSending()
    {
        var stub = new RefundStubHandler(Refund("succeeded"));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client(stub).RefundAsync("p1", 1.005m));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client(stub).RefundAsync("p1", 0m));
        Assert.Empty(stub.Requests);
    }

    private LocalPayClient Client(RefundStubHandler stub, Action<LocalPayClientOptions>? tune = null) =>
        new(TestClients.Options(new Uri("http://127.0.0.1:5080"), o =>
        {
            o.UseTime(clock);
            tune?.Invoke(o);
        }), new HttpClient(stub));
}
