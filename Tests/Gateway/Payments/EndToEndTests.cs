using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gateway.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.Payments;

/// <summary>The whole gateway against the real emulator over mutual TLS: what a cashier and a customer would see.</summary>
public sealed class EndToEndTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly List<GatewayHarness> _gateways = [];

    public void Dispose()
    {
        foreach (var gateway in _gateways)
        {
            gateway.Dispose();
        }
    }

    private HttpClient Gateway(int timeoutSeconds = 180, TempDirectory? data = null)
    {
        var factory = new GatewayHarness().UseEmulatorSettings(emulator, timeoutSeconds);
        if (data is not null)
        {
            factory.Config("Gateway:DataDirectory", data.Path);
        }
        _gateways.Add(factory);
        return factory.CreateClient();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Create(HttpClient http, string terminal, decimal amount = 1234.50m, int code = 5)
    {
        var response = await http.PostAsync("/payments", Json(JsonSerializer.Serialize(new { amount, paymentTypeCode = code, terminalId = terminal })));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Paid_CustomerPaysTheSbpQr_PaymentPaid()
    {
        var http = Gateway();
        var created = await Create(http, "E2E-paid");
        var id = created.GetProperty("id").GetString()!;

        var transaction = (await emulator.TransactionOfAsync(id))!.Value;
        await emulator.ActAsync(transaction.GetProperty("transactionId").GetString()!, "pay");
        var final = await http.WaitPaymentFinalAsync(id);

        Assert.StartsWith("https://qr.nspk.ru/", created.GetProperty("qr").GetProperty("payload").GetString());
        Assert.Equal(transaction.GetProperty("transactionId").GetString(), created.GetProperty("transactionId").GetString());
        Assert.Equal(1234.50m, transaction.GetProperty("amount").GetDecimal());
        Assert.Equal("paid", final.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Declined_WebMoneyDeclines_PaymentDeclinedWithAReason()
    {
        var http = Gateway();
        var id = (await Create(http, "E2E-declined", code: 7)).GetProperty("id").GetString()!;

        var transaction = (await emulator.TransactionOfAsync(id))!.Value;
        await emulator.ActAsync(transaction.GetProperty("transactionId").GetString()!, "decline");
        var final = await http.WaitPaymentFinalAsync(id);

        Assert.StartsWith("weixin://wxpay/bizpayurl?pr=", transaction.GetProperty("qrPayload").GetString());
        Assert.Equal("declined", final.GetProperty("status").GetString());
        Assert.Equal("declined", final.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Cancelled_CashierCancels_CancelledAtWebMoneyToo()
    {
        var http = Gateway();
        var id = (await Create(http, "E2E-cancel")).GetProperty("id").GetString()!;

        var cancelled = await (await http.PostAsync($"/payments/{id}/cancel", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(WireStatus.Cancelled, (await emulator.TransactionOfAsync(id))!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task CancelledButPaid_CustomerPaidJustBeforeTheCancel_PaymentPaid()
    {
        var http = Gateway();
        var id = (await Create(http, "E2E-cancel-paid")).GetProperty("id").GetString()!;
        var transactionId = (await emulator.TransactionOfAsync(id))!.Value.GetProperty("transactionId").GetString()!;

        await emulator.ActAsync(transactionId, "pay");
        var result = await (await http.PostAsync($"/payments/{id}/cancel", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("paid", result.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TimedOut_NobodyPays_CancelledAtWebMoneyAndTimedOut()
    {
        var http = Gateway(timeoutSeconds: 2);
        var id = (await Create(http, "E2E-timeout")).GetProperty("id").GetString()!;

        var final = await http.WaitPaymentFinalAsync(id);

        Assert.Equal("timedOut", final.GetProperty("status").GetString());
        Assert.Equal("timeout", final.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(WireStatus.Cancelled, (await emulator.TransactionOfAsync(id))!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Idempotency_ReplayAndConflict_OneTransactionAtWebMoney()
    {
        var http = Gateway();
        HttpRequestMessage Post(decimal amount)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/payments")
            {
                Content = Json(JsonSerializer.Serialize(new { amount, paymentTypeCode = 6, terminalId = "E2E-idem" })),
            };
            request.Headers.Add("Idempotency-Key", "e2e-key-" + emulator.GetHashCode());
            return request;
        }
        var before = await emulator.StatsAsync(PosApi.CreateQrPayment);

        var first = await http.SendAsync(Post(10m));
        var replay = await http.SendAsync(Post(10m));
        var conflict = await http.SendAsync(Post(11m));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(before + 1, await emulator.StatsAsync(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task TerminalBusy_SecondPaymentWhileOnePending_409AndNothingSent()
    {
        var http = Gateway();
        await Create(http, "E2E-busy");
        var before = await emulator.StatsAsync(PosApi.CreateQrPayment);

        var second = await http.PostAsync("/payments", Json("""{"amount": 1, "paymentTypeCode": 5, "terminalId": "E2E-busy"}"""));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(before, await emulator.StatsAsync(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task BadInput_NothingInTheJournalNothingAtWebMoney()
    {
        var http = Gateway();
        var before = await emulator.StatsAsync(PosApi.CreateQrPayment);

        var responses = new[]
        {
            await http.PostAsync("/payments", Json("""{"amount": -5, "paymentTypeCode": 5}""")),
            await http.PostAsync("/payments", Json("""{"amount": 5, "paymentTypeCode": 99}""")),
            await http.PostAsync("/payments", Json("""{"amount": 5,""")),
            await http.PostAsync("/payments", new StringContent("amount=5", Encoding.UTF8, "application/x-www-form-urlencoded")),
        };

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.UnprocessableEntity, HttpStatusCode.BadRequest, HttpStatusCode.UnsupportedMediaType],
            responses.Select(r => r.StatusCode));
        var journal = await http.GetFromJsonAsync<JsonElement>("/payments");
        Assert.Equal(0, journal.GetProperty("items").GetArrayLength());
        Assert.Equal(before, await emulator.StatsAsync(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task Restart_NewHostOnTheSameJournal_ResumesAndCompletesThePayment()
    {
        using var data = new TempDirectory("restart-data");
        var first = Gateway(data: data);
        var id = (await Create(first, "E2E-restart")).GetProperty("id").GetString()!;
        _gateways[^1].Dispose();

        var second = Gateway(data: data);
        await emulator.ActAsync((await emulator.TransactionOfAsync(id))!.Value.GetProperty("transactionId").GetString()!, "pay");
        var final = await second.WaitPaymentFinalAsync(id);

        Assert.Equal("paid", final.GetProperty("status").GetString());
    }
}
