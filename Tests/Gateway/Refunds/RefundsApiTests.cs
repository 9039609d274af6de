using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.Refunds;

/// <summary>Refunds through the whole gateway and the real emulator: what the cashier and the shop's books see (SPEC §10).</summary>
public sealed class RefundsApiTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly GatewayHarness _gateway = RefundGateway.Start(emulator);
    private HttpClient? _http;

    private HttpClient Http => _http ??= _gateway.CreateClient();

    public void Dispose()
    {
        RefundGateway.Reset(emulator);
        _gateway.Dispose();
    }

    [Fact]
    public async Task FullRefund_WithoutAmount_RefundsTheWholePaymentAndThePaymentShowsIt()
    {
        var payment = await Http.PaidPaymentAsync(emulator, "R-full", 1234.50m);
        var id = payment.GetProperty("id").GetString()!;
        Assert.Equal(1234.50m, payment.GetProperty("refundableAmount").GetDecimal());

        var (status, refund) = await Http.RefundAsync(id, new { reason = "Возврат товара, чек 000123" });

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("succeeded", refund.GetProperty("status").GetString());
        Assert.Equal(1234.50m, refund.GetProperty("amount").GetDecimal());
        Assert.Equal(id, refund.GetProperty("paymentId").GetString());
        Assert.Equal("RUB", refund.GetProperty("currency").GetString());
        Assert.Equal("Возврат товара, чек 000123", refund.GetProperty("reason").GetString());
        Assert.False(refund.GetProperty("unresolved").GetBoolean());
        Assert.Equal(JsonValueKind.Null, refund.GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.String, refund.GetProperty("completedAt").ValueKind);
        var atWebMoney = Assert.Single(emulator.Host.GetRefunds(), r => r.RefundId == refund.GetProperty("id").GetString());
        Assert.Equal(refund.GetProperty("refundTransactionId").GetString(), atWebMoney.RefundTransactionId);
        Assert.Equal(payment.GetProperty("transactionId").GetString(), atWebMoney.TransactionId);
        Assert.Equal(1234.50m, atWebMoney.Amount);
        var after = await Http.GetPaymentAsync(id);
        Assert.Equal(1234.50m, after.GetProperty("refundedAmount").GetDecimal());
        Assert.Equal(0m, after.GetProperty("refundableAmount").GetDecimal());
        Assert.Equal("paid", after.GetProperty("status").GetString());
        var list = await Http.GetFromJsonAsync<JsonElement>($"/payments/{id}/refunds");
        Assert.Equal(refund.GetProperty("id").GetString(), Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task TwoPartialRefunds_ThenAThirdThatWouldExceed_IsRefusedWithWhatIsLeft()
    {
        var id = (await Http.PaidPaymentAsync(emulator, "R-parts", 1000m)).GetProperty("id").GetString()!;
        var sentBefore = await emulator.StatsAsync(PosApi.RefundPayment);

        var first = await Http.RefundAsync(id, new { amount = 300m });
        var second = await Http.RefundAsync(id, new { amount = 500.25m });
        var third = await Http.RefundAsync(id, new { amount = 199.76m });

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Created, second.Status);
        Assert.Equal(HttpStatusCode.Conflict, third.Status);
        Assert.Equal("refund_exceeds_payment", third.Body.GetProperty("code").GetString());
        Assert.Equal(199.75m, third.Body.GetProperty("refundableAmount").GetDecimal());
        Assert.Equal(sentBefore + 2, await emulator.StatsAsync(PosApi.RefundPayment));
        var payment = await Http.GetPaymentAsync(id);
        Assert.Equal(800.25m, payment.GetProperty("refundedAmount").GetDecimal());
        Assert.Equal(199.75m, payment.GetProperty("refundableAmount").GetDecimal());
        Assert.Equal(2, (await Http.RefundsOfAsync(id)).GetArrayLength());
        var rest = await Http.RefundAsync(id, new { });
        Assert.Equal(HttpStatusCode.Created, rest.Status);
        Assert.Equal(199.75m, rest.Body.GetProperty("amount").GetDecimal());
        Assert.Equal(1000m, emulator.Host.GetRefunds().Where(r => r.TransactionId == payment.GetProperty("transactionId").GetString()).Sum(r => r.Amount));
    }

    [Fact]
    public async Task RefundBeyondWhatAnyAmountHolds_IsRefusedAsExceedingThePayment_NothingSent()
    {
        var id = (await Http.PaidPaymentAsync(emulator, "R-huge", 10m)).GetProperty("id").GetString()!;
        var sentBefore = await emulator.StatsAsync(PosApi.RefundPayment);

        var refused = await Http.RefundAsync(id, new { amount = 100_000_000_000_000_000_000m });

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("refund_exceeds_payment", refused.Body.GetProperty("code").GetString());
        Assert.Equal(10m, refused.Body.GetProperty("refundableAmount").GetDecimal());
        Assert.Equal(sentBefore, await emulator.StatsAsync(PosApi.RefundPayment));
        Assert.Equal(0, (await Http.RefundsOfAsync(id)).GetArrayLength());
    }

    [Fact]
    public async Task RefundOfAPendingOrDeclinedPayment_IsRefused_NothingSent()
    {
        var pending = await Http.PostPaymentAsync("R-pending", 100m);
        var declined = await Http.PostPaymentAsync("R-declined", 100m);
        emulator.Host.Decline(declined.GetProperty("transactionId").GetString()!, out _);
        await Http.WaitPaymentAsync(declined.GetProperty("id").GetString()!, "declined");
        var sentBefore = await emulator.StatsAsync(PosApi.RefundPayment);

        var onPending = await Http.RefundAsync(pending.GetProperty("id").GetString()!, new { amount = 10m });
        var onDeclined = await Http.RefundAsync(declined.GetProperty("id").GetString()!, new { });

        Assert.Equal(HttpStatusCode.Conflict, onPending.Status);
        Assert.Equal("payment_not_paid", onPending.Body.GetProperty("code").GetString());
        Assert.Equal("pending", onPending.Body.GetProperty("paymentStatus").GetString());
        Assert.Equal(HttpStatusCode.Conflict, onDeclined.Status);
        Assert.Equal("payment_not_paid", onDeclined.Body.GetProperty("code").GetString());
        Assert.Equal(sentBefore, await emulator.StatsAsync(PosApi.RefundPayment));
        Assert.Equal(0, (await Http.RefundsOfAsync(declined.GetProperty("id").GetString()!)).GetArrayLength());
    }

    [Fact]
    public async Task UnknownPaymentOrBadInput_PreciseProblems_NothingWrittenNothingSent()
    {
        var id = (await Http.PaidPaymentAsync(emulator, "R-bad", 100m)).GetProperty("id").GetString()!;
        var sentBefore = await emulator.StatsAsync(PosApi.RefundPayment);

        var unknown = await Http.RefundAsync("nope", new { amount = 1m });
        var zero = await Http.RefundAsync(id, new { amount = 0m });
        var decimals = await Http.RefundAsync(id, new { amount = 1.234m });
        var reason = await Http.RefundAsync(id, new { amount = 1m, reason = new string('x', 129) });
        var wrongType = await Http.RefundAsync(id, new { amount = "много" });
        var missing = await Http.GetAsync("/refunds/nope");
        var listOfUnknown = await Http.GetAsync("/payments/nope/refunds");
        var longWait = await Http.GetAsync("/refunds/nope?waitSeconds=61");

        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("payment_not_found", unknown.Body.GetProperty("code").GetString());
        foreach (var (bad, field) in new[] { (zero, "amount"), (decimals, "amount"), (reason, "reason"), (wrongType, "amount") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
            Assert.Equal("validation_failed", bad.Body.GetProperty("code").GetString());
            Assert.True(bad.Body.GetProperty("errors").TryGetProperty(field, out _), $"{bad.Body}");
        }
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("refund_not_found", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, listOfUnknown.StatusCode);
        Assert.Equal("payment_not_found", (await listOfUnknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, longWait.StatusCode);
        Assert.True((await longWait.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("waitSeconds", out _));
        Assert.Equal(sentBefore, await emulator.StatsAsync(PosApi.RefundPayment));
        Assert.Equal(0, (await Http.RefundsOfAsync(id)).GetArrayLength());
        Assert.Equal(100m, (await Http.GetPaymentAsync(id)).GetProperty("refundableAmount").GetDecimal());
    }

    [Fact]
    public async Task Replay_SameKeySameBody_AnswersTheOriginal_WebMoneySawOneRefundPayment()
    {
        var id = (await Http.PaidPaymentAsync(emulator, "R-replay", 500m)).GetProperty("id").GetString()!;
        var sentBefore = await emulator.StatsAsync(PosApi.RefundPayment);

        var original = await Http.RefundAsync(id, new { amount = 120m, reason = "брак" }, idempotencyKey: "refund-key-1");
        var replay = await Http.RefundAsync(id, new { amount = 120m, reason = "брак" }, idempotencyKey: "refund-key-1");
        var reused = await Http.RefundAsync(id, new { amount = 130m, reason = "брак" }, idempotencyKey: "refund-key-1");

        Assert.Equal(HttpStatusCode.Created, original.Status);
        Assert.Equal(HttpStatusCode.OK, replay.Status);
        Assert.Equal(original.Body.GetProperty("id").GetString(), replay.Body.GetProperty("id").GetString());
        Assert.Equal("succeeded", replay.Body.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, reused.Status);
        Assert.Equal("idempotency_key_reused", reused.Body.GetProperty("code").GetString());
        Assert.Equal(sentBefore + 1, await emulator.StatsAsync(PosApi.RefundPayment));
        Assert.Equal(1, emulator.RefundsAtWebMoney(original.Body.GetProperty("id").GetString()!));
        Assert.Equal(120m, (await Http.GetPaymentAsync(id)).GetProperty("refundedAmount").GetDecimal());
    }

    [Fact]
    public async Task TwoConcurrentRefunds_RacingForTheLastAmount_OneWins()
    {
        var payment = await Http.PaidPaymentAsync(emulator, "R-race", 300m);
        var id = payment.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await Http.RefundAsync(id, new { amount = 100m })).Status);

        var racers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Http.RefundAsync(id, new { amount = 150m })));

        Assert.Single(racers, r => r.Status == HttpStatusCode.Created);
        Assert.All(racers.Where(r => r.Status != HttpStatusCode.Created), r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.Status);
            Assert.Equal("refund_exceeds_payment", r.Body.GetProperty("code").GetString());
            Assert.Equal(50m, r.Body.GetProperty("refundableAmount").GetDecimal());
        });
        Assert.Equal(250m, emulator.Host.GetRefunds().Where(r => r.TransactionId == payment.GetProperty("transactionId").GetString()).Sum(r => r.Amount));
        Assert.Equal(250m, (await Http.GetPaymentAsync(id)).GetProperty("refundedAmount").GetDecimal());
    }

    [Fact]
    public async Task RefundsPending_RefundStaysPendingAndReserved_CompletesWhenWebMoneyCompletesIt()
    {
        emulator.Host.RefundsPending = true;
        var id = (await Http.PaidPaymentAsync(emulator, "R-slow", 200m)).GetProperty("id").GetString()!;

        var (status, refund) = await Http.RefundAsync(id, new { amount = 80m });
        var refundId = refund.GetProperty("id").GetString()!;
        var stillPending = await Http.GetRefundAsync(refundId, waitSeconds: 1);
        var whilePending = await Http.GetPaymentAsync(id);
        emulator.Host.CompleteRefund(refund.GetProperty("refundTransactionId").GetString()!, out _);
        var completed = await Http.WaitRefundFinalAsync(refundId);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("pending", refund.GetProperty("status").GetString());
        Assert.Equal("pending", stillPending.GetProperty("status").GetString());
        Assert.False(stillPending.GetProperty("unresolved").GetBoolean());
        Assert.Equal(0m, whilePending.GetProperty("refundedAmount").GetDecimal());
        Assert.Equal(120m, whilePending.GetProperty("refundableAmount").GetDecimal());
        Assert.Equal("succeeded", completed.GetProperty("status").GetString());
        Assert.Equal(80m, (await Http.GetPaymentAsync(id)).GetProperty("refundedAmount").GetDecimal());
    }

    [Fact]
    public async Task RefundsPending_RejectedByThePaymentSystem_FailsAndFreesTheAmount()
    {
        emulator.Host.RefundsPending = true;
        var id = (await Http.PaidPaymentAsync(emulator, "R-reject", 200m)).GetProperty("id").GetString()!;
        var (_, refund) = await Http.RefundAsync(id, new { });

        emulator.Host.RejectRefund(refund.GetProperty("refundTransactionId").GetString()!, out _);
        var rejected = await Http.WaitRefundFinalAsync(refund.GetProperty("id").GetString()!);

        Assert.Equal("failed", rejected.GetProperty("status").GetString());
        Assert.Equal("declined", rejected.GetProperty("error").GetProperty("code").GetString());
        // The payment system's own reason, after the gateway's phrase (said once).
        Assert.Equal("Платёжная система отклонила возврат: Недостаточно средств на счёте магазина",
            rejected.GetProperty("error").GetProperty("message").GetString());
        var payment = await Http.GetPaymentAsync(id);
        Assert.Equal(0m, payment.GetProperty("refundedAmount").GetDecimal());
        Assert.Equal(200m, payment.GetProperty("refundableAmount").GetDecimal());
    }

    [Fact]
    public async Task Swagger_DocumentsEveryRefundEndpoint_WithOperationIdsExamplesAndEveryErrorCode()
    {
        var doc = await Http.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var paths = doc.GetProperty("paths");

        var create = paths.GetProperty("/payments/{id}/refunds").GetProperty("post");
        Assert.Equal("CreateRefund", create.GetProperty("operationId").GetString());
        Assert.Equal("ListPaymentRefunds", paths.GetProperty("/payments/{id}/refunds").GetProperty("get").GetProperty("operationId").GetString());
        Assert.Equal("GetRefund", paths.GetProperty("/refunds/{refundId}").GetProperty("get").GetProperty("operationId").GetString());
        Assert.Equal("ListRefunds", paths.GetProperty("/refunds").GetProperty("get").GetProperty("operationId").GetString());
        Assert.Equal("Refunds", create.GetProperty("tags")[0].GetString());
        var created = create.GetProperty("responses").GetProperty("201").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal("succeeded", created.GetProperty("status").GetString());
        Assert.True(created.TryGetProperty("refundTransactionId", out _));
        var codes = create.GetProperty("responses").EnumerateObject()
            .Where(r => r.Value.TryGetProperty("content", out var c) && c.TryGetProperty("application/problem+json", out _))
            .SelectMany(r => r.Value.GetProperty("content").GetProperty("application/problem+json") is var problem
                && problem.TryGetProperty("examples", out var examples)
                    ? examples.EnumerateObject().Select(e => e.Value.GetProperty("value").GetProperty("code").GetString())
                    : problem.TryGetProperty("example", out var example) ? [example.GetProperty("code").GetString()] : [])
            .ToHashSet();
        foreach (var code in new[] { "validation_failed", "payment_not_found", "payment_not_paid", "refund_exceeds_payment", "idempotency_key_reused",
            "webmoney_rejected", "webmoney_unavailable", "not_configured" })
        {
            Assert.Contains(code, codes);
        }
        var payment = doc.GetProperty("components").GetProperty("schemas").GetProperty("PaymentResponse").GetProperty("properties");
        Assert.True(payment.TryGetProperty("refundedAmount", out _));
        Assert.True(payment.TryGetProperty("refundableAmount", out _));
    }
}
