using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Security;

/// <summary>Oversized bodies and request floods.</summary>
public sealed class LimitsTests
{
    private static readonly string Oversized = $$"""{"amount": 10, "paymentTypeCode": 5, "description": "{{new string('x', 17 * 1024)}}"}""";

    [Theory]
    [InlineData("POST", "/payments")]
    [InlineData("PUT", "/settings")]
    [InlineData("PUT", "/settings/payment-types")]
    public async Task BodyOver16KB_Is413PayloadTooLarge_AndNothingHappens(string method, string path)
    {
        using var factory = new GatewayHarness().UseScriptedWebMoney();
        using var http = factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(Oversized, Encoding.UTF8, "application/json"),
        };

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", await CrossSiteTests.CodeOf(response));
        Assert.Equal(0, factory.Scripted!.CountOf(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task ChunkedBodyOver16KB_OnKestrel_Is413PayloadTooLarge()
    {
        using var factory = new GatewayHarness().UseScriptedWebMoney().ListenOn();
        using var http = factory.CreateClient();

        using var response = await http.PostAsync("/payments", new ChunkedJson(Oversized));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", await CrossSiteTests.CodeOf(response));
        Assert.Equal(0, factory.Scripted!.CountOf(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task BodyJustUnder16KB_IsRead()
    {
        using var factory = new GatewayHarness().UseScriptedWebMoney();
        using var http = factory.CreateClient();
        var body = $$"""{"amount": 10, "paymentTypeCode": 5, "terminalId": "big-1", "description": "ok"{{new string(' ', 15 * 1024)}}}""";

        using var response = await http.PostAsync("/payments", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task OverTheRate_Is429ProblemWithRetryAfter_ButDisplayHealthAndLongPollAreNotLimited()
    {
        using var factory = new GatewayHarness().UseScriptedWebMoney()
            .Config("Security:Burst", "5").Config("Security:RequestsPerSecond", "1");
        using var http = factory.CreateClient();
        using var created = await http.PostAsJsonAsync("/payments", new { amount = 10m, paymentTypeCode = 5, terminalId = "rate-1" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
        {
            answers.Add(await http.GetAsync("/payment-types"));
        }
        using var display = await http.GetAsync("/display?terminal=rate-1");
        using var hub = await http.PostAsync("/hubs/display/negotiate?negotiateVersion=1", null);
        using var live = await http.GetAsync("/health/live");
        using var longPoll = await http.GetAsync($"/payments/{id}?waitSeconds=1");

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.Equal("application/problem+json", refused[0].Content.Headers.ContentType?.MediaType);
        Assert.Equal("too_many_requests", await CrossSiteTests.CodeOf(refused[0]));
        Assert.True(refused[0].Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, display.StatusCode);
        Assert.Equal(HttpStatusCode.OK, hub.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, longPoll.StatusCode);
        answers.ForEach(a => a.Dispose());
    }

    [Theory]
    [InlineData("GET", "/payments/p1?waitSeconds=30", "longpoll")]
    [InlineData("GET", "/payments/p1?waitSeconds=0", "api")]
    [InlineData("GET", "/payments/p1", "api")]
    [InlineData("GET", "/payments/p1/qr.svg?waitSeconds=5", "api")]
    [InlineData("POST", "/payments/p1?waitSeconds=5", "api")]
    [InlineData("GET", "/payments?waitSeconds=5", "api")]
    [InlineData("POST", "/hubs/display/negotiate", "exempt")]
    [InlineData("GET", "/display", "exempt")]
    [InlineData("GET", "/health/ready", "exempt")]
    [InlineData("GET", "/settings", "api")]
    public void Partition_KeepsTheDisplayHealthAndLongPollOutOfTheApiLimits(string method, string pathAndQuery, string partition)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        var parts = pathAndQuery.Split('?', 2);
        context.Request.Method = method;
        context.Request.Path = parts[0];
        context.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString(parts.Length > 1 ? "?" + parts[1] : "");

        Assert.Equal(partition, global::Gateway.Security.GatewayRateLimits.PartitionOf(context.Request));
    }

    /// <summary>Chunked: no Content-Length for the gateway to refuse up front, so the limit bites while reading.</summary>
    private sealed class ChunkedJson(string json) : HttpContent
    {
        private readonly byte[] _bytes = Encoding.UTF8.GetBytes(json);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            Headers.ContentType ??= new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            await stream.WriteAsync(_bytes);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

/// <summary>A bounded flood on loopback while a customer pays.</summary>
public sealed class FloodTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task FloodOf2000RequestsFrom64Clients_PendingPaymentKeepsPolling_AndThePosLongPollSeesItPaid()
    {
        using var factory = new GatewayHarness().UseEmulator(emulator).ListenOn();
        using var pos = factory.CreateClient();
        using var created = await pos.PostAsJsonAsync("/payments", new { amount = 500m, paymentSystem = "sbp", terminalId = "flood-1" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var transaction = (await emulator.TransactionOfAsync(id))!.Value.GetProperty("transactionId").GetString()!;
        using var flooder = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = pos.BaseAddress };
        var statuses = new ConcurrentBag<HttpStatusCode>();
        var sent = 0;
        var paidAtEmulator = new TaskCompletionSource();

        var longPoll = pos.GetFromJsonAsync<JsonElement>($"/payments/{id}?waitSeconds=60");
        var clients = Enumerable.Range(0, 64).Select(async client =>
        {
            int n;
            while ((n = Interlocked.Increment(ref sent)) <= 2000)
            {
                if (n == 500)
                {
                    await emulator.ActAsync(transaction, "pay");
                    paidAtEmulator.SetResult();
                }
                using var response = await flooder.GetAsync(client % 2 == 0 ? "/payments?limit=200" : "/payment-types");
                statuses.Add(response.StatusCode);
            }
        }).ToList();
        await Task.WhenAll(clients);
        await paidAtEmulator.Task;
        var payment = await longPoll;

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("paid", payment.GetProperty("status").GetString());
        Assert.Equal(2000, statuses.Count);
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}
