using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Security;

/// <summary>A page on another site, open in the shop PC's browser, sends requests to 127.0.0.1.</summary>
public sealed class CrossSiteTests(CrossSiteTests.SharedGateway gateway) : IClassFixture<CrossSiteTests.SharedGateway>, IDisposable
{
    private readonly HttpClient _http = gateway.Factory.CreateClient();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task CrossSiteFormPost_ToCancel_IsRefusedAndThePaymentStaysPending()
    {
        var id = await NewPaymentAsync("cs-1");
        using var form = new HttpRequestMessage(HttpMethod.Post, $"/payments/{id}/cancel")
        {
            Content = new FormUrlEncodedContent([]),
        };
        form.Headers.Add("Origin", "http://attacker.example");
        form.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await _http.SendAsync(form);
        var status = await StatusOfAsync(id);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("cross_site_request", await CodeOf(response));
        Assert.Equal("pending", status);
    }

    [Theory]
    [InlineData("http://attacker.example", null)]
    [InlineData("null", null)]
    [InlineData("http://localhost:3000", null)]
    [InlineData("https://localhost", null)]
    [InlineData(null, "cross-site")]
    [InlineData(null, "same-site")]
    public async Task CancelFromAnotherOrigin_IsRefused(string? origin, string? fetchSite)
    {
        var id = await NewPaymentAsync("cs-2");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/payments/{id}/cancel");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("pending", await StatusOfAsync(id));
    }

    [Fact]
    public async Task CancelFromTheGatewaysOwnPage_OrAProgram_IsServed()
    {
        // Its own gateway: a served cancel changes what the scripted WebMoney answers afterwards.
        using var factory = new GatewayHarness().UseScriptedWebMoney();
        using var http = factory.CreateClient();
        var first = await NewPaymentAsync(http, "cs-3");
        var second = await NewPaymentAsync(http, "cs-4");
        using var fromSwagger = new HttpRequestMessage(HttpMethod.Post, $"/payments/{first}/cancel");
        fromSwagger.Headers.Add("Origin", "http://localhost");
        fromSwagger.Headers.Add("Sec-Fetch-Site", "same-origin");

        using var swaggerResponse = await http.SendAsync(fromSwagger);
        using var programResponse = await http.PostAsync($"/payments/{second}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, swaggerResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, programResponse.StatusCode);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "amount=10&paymentTypeCode=5")]
    [InlineData("text/plain", """{"amount": 10, "paymentTypeCode": 5}""")]
    [InlineData("multipart/form-data; boundary=x", "--x--")]
    public async Task CreateWithANonJsonBody_Is415_AndNothingIsCreated(string contentType, string body)
    {
        var createsBefore = gateway.Factory.Scripted!.CountOf(PosApi.CreateQrPayment);
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var response = await _http.PostAsync("/payments", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("unsupported_media_type", await CodeOf(response));
        Assert.Equal(createsBefore, gateway.Factory.Scripted!.CountOf(PosApi.CreateQrPayment));
    }

    [Theory]
    [InlineData("/settings")]
    [InlineData("/settings/payment-types")]
    public async Task SettingsPutWithATextPlainBody_Is415ProblemWithCode(string path)
    {
        using var content = new StringContent("""{"timeoutSeconds": 300}""", Encoding.UTF8, "text/plain");

        using var response = await _http.PutAsync(path, content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("unsupported_media_type", await CodeOf(response));
    }

    [Theory]
    [InlineData("/payments", "POST")]
    [InlineData("/settings", "PUT")]
    [InlineData("/payments/x/cancel", "POST")]
    public async Task CorsPreflight_GrantsNothing(string path, string method)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, path);
        preflight.Headers.Add("Origin", "http://attacker.example");
        preflight.Headers.Add("Access-Control-Request-Method", method);
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-api-key");
        using var read = new HttpRequestMessage(HttpMethod.Get, "/payment-types");
        read.Headers.Add("Origin", "http://attacker.example");

        using var preflightResponse = await _http.SendAsync(preflight);
        using var readResponse = await _http.SendAsync(read);

        Assert.False(preflightResponse.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(preflightResponse.Headers.Contains("Access-Control-Allow-Methods"));
        Assert.False(readResponse.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task GetOnTheCancelAddress_DoesNotCancel()
    {
        var id = await NewPaymentAsync("cs-5");

        using var response = await _http.GetAsync($"/payments/{id}/cancel");
        var status = await StatusOfAsync(id);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("pending", status);
    }

    private Task<string> NewPaymentAsync(string terminal) => NewPaymentAsync(_http, terminal);

    private static async Task<string> NewPaymentAsync(HttpClient http, string terminal)
    {
        // A terminal per payment: the class shares one gateway, and a terminal holds one pending payment.
        terminal += "-" + Guid.NewGuid().ToString("N")[..8];
        return (await http.CreatePaymentAsync(terminal, 10m)).Id;
    }

    private async Task<string?> StatusOfAsync(string id) => (await _http.GetPaymentAsync(id)).GetProperty("status").GetString();

    internal static async Task<string?> CodeOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    public sealed class SharedGateway : IDisposable
    {
        public GatewayHarness Factory { get; } = new GatewayHarness().UseScriptedWebMoney();

        public void Dispose() => Factory.Dispose();
    }
}
