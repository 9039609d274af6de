using System.Net;
using System.Text;
using Gateway.Security;
using Tests.Support;

namespace Tests.Security;

/// <summary>Another program on the PC (or on the LAN, when the API is published there) calls the API.</summary>
public sealed class ApiKeyAndExposureTests(ApiKeyAndExposureTests.KeyedGateway keyed) : IClassFixture<ApiKeyAndExposureTests.KeyedGateway>
{
    [Theory]
    [InlineData("GET", "/settings")]
    [InlineData("GET", "/settings/payment-types")]
    [InlineData("PUT", "/settings")]
    [InlineData("GET", "/payments/any")]
    [InlineData("POST", "/payments/any/cancel")]
    [InlineData("GET", "/payment-types")]
    [InlineData("POST", "/payments/any/refunds")]
    [InlineData("GET", "/refunds/any")]
    [InlineData("GET", "/refunds")]
    [InlineData("GET", "/metrics")]
    public async Task ApiKeySet_ProtectedEndpointWithoutTheKey_Is401Unauthorized(string method, string path)
    {
        using var http = keyed.Factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        request.Headers.Add("X-Api-Key", "almost-the-key");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", await CrossSiteTests.CodeOf(response));
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/display?terminal=1")]
    public async Task ApiKeySet_DisplayAndLiveness_NeedNoKey(string path)
    {
        using var http = keyed.Factory.CreateClient();

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://*:0")]
    [InlineData("http://+:0")]
    [InlineData("http://[::]:0")]
    [InlineData("http://127.0.0.1:0;http://0.0.0.0:0")]
    public void ApiOnANonLoopbackAddressWithoutKey_RefusesToStart_NamingGatewayApiKey(string urls)
    {
        using var factory = new GatewayHarness().UseScriptedWebMoney().Config("urls", urls);
        factory.UseKestrel();

        var error = Record.Exception(() => factory.StartServer());

        Assert.NotNull(error);
        Assert.Contains("Gateway:ApiKey", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://192.168.1.10:5080", false)]
    [InlineData("http://kassa.local:5080", false)]
    public void IsLoopback_TellsWhatOtherComputersCanReach(string url, bool loopback)
    {
        Assert.Equal(loopback, ExposureCheck.IsLoopback(url));
    }

    [Fact]
    public async Task ApiOnLoopbackWithoutKey_StartsAndServes()
    {
        using var factory = new GatewayHarness().UseScriptedWebMoney().Config("urls", "http://127.0.0.1:0");
        factory.UseKestrel();
        using var http = factory.CreateClient();

        using var response = await http.GetAsync("/payment-types");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public sealed class KeyedGateway : IDisposable
    {
        public GatewayHarness Factory { get; } = new GatewayHarness().UseScriptedWebMoney().Config("Gateway:ApiKey", "k-" + Guid.NewGuid());

        public void Dispose() => Factory.Dispose();
    }
}
