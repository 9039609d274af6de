using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gateway.Journal;
using Gateway.Storage;
using Microsoft.Extensions.DependencyInjection;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.Payments;

/// <summary>The /payments API shape: status codes, problem codes, and that bad input reaches neither the journal nor WebMoney.</summary>
public sealed class PaymentsApiTests : IDisposable
{
    private readonly GatewayHarness _factory = new GatewayHarness().UseScriptedWebMoney();
    private readonly HttpClient _http;

    public PaymentsApiTests() => _http = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<JsonElement> BodyOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<int> JournalCount()
    {
        var journal = _factory.Services.GetRequiredService<PaymentJournal>();
        var page = await journal.ListAsync(new JournalQuery(null, null, null, null, false, 200, null), CancellationToken.None);
        return page.Items.Count;
    }

    [Fact]
    public async Task Post_ValidPayment_201WithLocationQrAndCamelCaseEnums()
    {
        var response = await _http.PostAsync("/payments", Json("""{"amount": 1234.50, "paymentTypeCode": 5, "receiptId": "000123"}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await BodyOf(response);
        var id = body.GetProperty("id").GetString();
        Assert.Equal($"/payments/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal("pending", body.GetProperty("status").GetString());
        Assert.Equal("sbp", body.GetProperty("paymentSystem").GetString());
        Assert.Equal(1234.50m, body.GetProperty("amount").GetDecimal());
        Assert.Equal("RUB", body.GetProperty("currency").GetString());
        Assert.Equal($"/payments/{id}/qr.svg", body.GetProperty("qr").GetProperty("svgUrl").GetString());
        Assert.Equal("1", body.GetProperty("terminalId").GetString());
        Assert.False(body.GetProperty("unresolved").GetBoolean());
        Assert.False(body.GetProperty("latePaid").GetBoolean());
    }

    [Theory]
    [InlineData("""{"amount": 0, "paymentTypeCode": 5}""", "amount")]
    [InlineData("""{"amount": -1, "paymentTypeCode": 5}""", "amount")]
    [InlineData("""{"amount": 1.005, "paymentTypeCode": 5}""", "amount")]
    [InlineData("""{"amount": 1000000.01, "paymentTypeCode": 5}""", "amount")]
    [InlineData("""{"paymentTypeCode": 5}""", "amount")]
    [InlineData("""{"amount": 10}""", "paymentTypeCode")]
    [InlineData("""{"amount": 10, "paymentTypeCode": 5, "paymentSystem": "sbp"}""", "paymentTypeCode")]
    [InlineData("""{"amount": 10, "paymentSystem": "visa"}""", "paymentSystem")]
    [InlineData("""{"amount": 10, "paymentTypeCode": 5, "terminalId": "a b"}""", "terminalId")]
    [InlineData("""{"amount": 10, "paymentTypeCode": 5, "terminalId": "123456789012345678901234567890123"}""", "terminalId")]
    [InlineData("""{"amount": "ten", "paymentTypeCode": 5}""", "amount")]
    public async Task Post_BrokenField_400ValidationFailedNamingTheField_NothingWrittenNothingSent(string json, string field)
    {
        var response = await _http.PostAsync("/payments", Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var body = await BodyOf(response);
        Assert.Equal("validation_failed", body.GetProperty("code").GetString());
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {body}");
        Assert.Equal(0, await JournalCount());
        Assert.Empty(_factory.Scripted!.Calls);
    }

    [Fact]
    public async Task Post_TooLongReceiptAndDescription_BothReported()
    {
        var json = JsonSerializer.Serialize(new { amount = 10, paymentTypeCode = 5, receiptId = new string('r', 65), description = new string('d', 129) });

        var response = await _http.PostAsync("/payments", Json(json));

        var errors = (await BodyOf(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("receiptId", out _));
        Assert.True(errors.TryGetProperty("description", out _));
    }

    [Theory]
    [InlineData("{\"amount\": 10,")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public async Task Post_MalformedJson_400MalformedJson(string body)
    {
        var response = await _http.PostAsync("/payments", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("malformed_json", (await BodyOf(response)).GetProperty("code").GetString());
        Assert.Equal(0, await JournalCount());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Post_NotJson_415(string contentType)
    {
        var response = await _http.PostAsync("/payments", new StringContent("""{"amount":10,"paymentTypeCode":5}""", Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(0, await JournalCount());
        Assert.Empty(_factory.Scripted!.Calls);
    }

    [Fact]
    public async Task Post_UnmappedCode_422PaymentTypeNotConfigured()
    {
        var response = await _http.PostAsync("/payments", Json("""{"amount": 10, "paymentTypeCode": 42}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("payment_type_not_configured", (await BodyOf(response)).GetProperty("code").GetString());
        Assert.Equal(0, await JournalCount());
    }

    [Fact]
    public async Task Post_TerminalBusy_409WithThePendingPaymentId()
    {
        var first = await BodyOf(await _http.PostAsync("/payments", Json("""{"amount": 10, "paymentTypeCode": 5, "terminalId": "K1"}""")));

        var response = await _http.PostAsync("/payments", Json("""{"amount": 20, "paymentTypeCode": 6, "terminalId": "K1"}"""));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await BodyOf(response);
        Assert.Equal("terminal_busy", body.GetProperty("code").GetString());
        Assert.Equal(first.GetProperty("id").GetString(), body.GetProperty("paymentId").GetString());
    }

    [Fact]
    public async Task Post_IdempotentReplay_200SamePayment_AndOtherBody409()
    {
        HttpRequestMessage Post(string json)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/payments") { Content = Json(json) };
            request.Headers.Add("Idempotency-Key", "pos-attempt-1");
            return request;
        }
        var first = await _http.SendAsync(Post("""{"amount": 10, "paymentTypeCode": 5}"""));

        var replay = await _http.SendAsync(Post("""{"amount": 10, "paymentTypeCode": 5}"""));
        var conflict = await _http.SendAsync(Post("""{"amount": 11, "paymentTypeCode": 5}"""));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal((await BodyOf(first)).GetProperty("id").GetString(), (await BodyOf(replay)).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("idempotency_key_reused", (await BodyOf(conflict)).GetProperty("code").GetString());
        Assert.Equal(1, _factory.Scripted!.CountOf(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task Post_WebMoneyRefuses_502RejectedAndFailedAttemptKept()
    {
        _factory.Scripted!.Creates.Enqueue(new global::Gateway.WebMoney.WebMoneyOutcome<global::Gateway.WebMoney.QrCreated>.Refusal(20, "Агент заблокирован"));

        var response = await _http.PostAsync("/payments", Json("""{"amount": 10, "paymentTypeCode": 5}"""));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var body = await BodyOf(response);
        Assert.Equal("webmoney_rejected", body.GetProperty("code").GetString());
        Assert.Contains("Агент заблокирован", body.GetProperty("detail").GetString());
        var kept = await _http.GetFromJsonAsync<JsonElement>($"/payments/{body.GetProperty("paymentId").GetString()}");
        Assert.Equal("failed", kept.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Get_Unknown_404WithCode()
    {
        var response = await _http.GetAsync("/payments/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("payment_not_found", (await BodyOf(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Get_WaitSecondsOutOfRange_400()
    {
        var response = await _http.GetAsync("/payments/x?waitSeconds=61");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await BodyOf(response)).GetProperty("errors").TryGetProperty("waitSeconds", out _));
    }

    [Fact]
    public async Task Get_LongPoll_AnswersWhenThePaymentBecomesPaid()
    {
        var created = await BodyOf(await _http.PostAsync("/payments", Json("""{"amount": 10, "paymentTypeCode": 5}""")));
        var id = created.GetProperty("id").GetString();

        var wait = _http.GetFromJsonAsync<JsonElement>($"/payments/{id}?waitSeconds=30");
        _factory.Scripted!.DefaultStatus = WireStatus.Paid;
        var answered = await wait.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("paid", answered.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancel_PendingPayment_200Cancelled()
    {
        var created = await BodyOf(await _http.PostAsync("/payments", Json("""{"amount": 10, "paymentTypeCode": 5}""")));

        var response = await _http.PostAsync($"/payments/{created.GetProperty("id").GetString()}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await BodyOf(response);
        Assert.Equal("cancelled", body.GetProperty("status").GetString());
        Assert.Equal("cancelled_by_cashier", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task QrImages_SvgAndPng_ServedForAnIssuedQr()
    {
        var created = await BodyOf(await _http.PostAsync("/payments", Json("""{"amount": 10, "paymentTypeCode": 5}""")));
        var id = created.GetProperty("id").GetString();

        var svg = await _http.GetAsync($"/payments/{id}/qr.svg");
        var png = await _http.GetAsync($"/payments/{id}/qr.png?scale=4");
        var badScale = await _http.GetAsync($"/payments/{id}/qr.png?scale=0");

        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<svg", await svg.Content.ReadAsStringAsync());
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        Assert.Equal(HttpStatusCode.BadRequest, badScale.StatusCode);
    }

    [Fact]
    public async Task List_FiltersByStatusAndTerminal_AndRejectsBadFilters()
    {
        await _http.PostAsync("/payments", Json("""{"amount": 10, "paymentTypeCode": 5, "terminalId": "A"}"""));
        var b = await BodyOf(await _http.PostAsync("/payments", Json("""{"amount": 10, "paymentTypeCode": 5, "terminalId": "B"}""")));
        await _http.PostAsync($"/payments/{b.GetProperty("id").GetString()}/cancel", null);

        var cancelled = await _http.GetFromJsonAsync<JsonElement>("/payments?status=cancelled");
        var onA = await _http.GetFromJsonAsync<JsonElement>("/payments?terminalId=A");
        var bad = await _http.GetAsync("/payments?status=bogus&limit=500");

        Assert.Single(cancelled.GetProperty("items").EnumerateArray());
        Assert.Equal("A", onA.GetProperty("items")[0].GetProperty("terminalId").GetString());
        var errors = (await BodyOf(bad)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("status", out _));
        Assert.True(errors.TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task PaymentTypes_FourSystemsWithRussianTitlesAndPaymentTypeCodes()
    {
        var types = await _http.GetFromJsonAsync<JsonElement>("/payment-types");

        Assert.Equal(4, types.GetArrayLength());
        Assert.Equal("sbp", types[0].GetProperty("paymentSystem").GetString());
        Assert.StartsWith("СБП", types[0].GetProperty("title").GetString());
        Assert.Equal(5, types[0].GetProperty("paymentTypeCode").GetInt32());
    }

    [Fact]
    public async Task Swagger_DocumentsEveryPaymentsEndpoint()
    {
        var doc = await _http.GetStringAsync("/swagger/v1/swagger.json");

        foreach (var path in new[] { "\"/payments\"", "\"/payments/{id}\"", "\"/payments/{id}/cancel\"", "\"/payments/{id}/qr.svg\"", "\"/payment-types\"" })
        {
            Assert.Contains(path, doc);
        }
        Assert.Contains("terminal_busy", doc);
    }
}
