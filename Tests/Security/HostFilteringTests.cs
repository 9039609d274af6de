using Tests.Support;

namespace Tests.Security;

/// <summary>DNS rebinding: a page of attacker.example whose name now resolves to 127.0.0.1 must not reach the API.</summary>
public sealed class HostFilteringTests(KestrelGateway gateway) : IClassFixture<KestrelGateway>
{
    private readonly Uri _server = gateway.Gateway.BaseAddress;

    [Theory]
    [InlineData("attacker.example")]
    [InlineData("localhost.attacker.example")]
    [InlineData("127.0.0.1.nip.io")]
    [InlineData("attacker.example:5080")]
    [InlineData("")]
    public async Task RequestWithForeignOrEmptyHost_IsRefusedWith400(string host)
    {
        var status = await RawHttp.StatusAsync(_server, RawHttp.Get("/payment-types", host));

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Http10RequestWithoutHost_IsRefusedWith400()
    {
        var status = await RawHttp.StatusAsync(_server, "GET /payment-types HTTP/1.0\r\n\r\n");

        Assert.Equal(400, status);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task RequestWithLoopbackHostAndPort_IsServed(string host)
    {
        var status = await RawHttp.StatusAsync(_server, RawHttp.Get("/payment-types", $"{host}:{_server.Port}"));

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task InMemoryTestServer_AppliesHostFilteringToo()
    {
        using var factory = new GatewayHarness().UseScriptedWebMoney();
        using var http = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/payment-types");
        request.Headers.Host = "attacker.example";

        using var response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }
}

/// <summary>One gateway on real Kestrel (127.0.0.1, ephemeral port) shared by a test class.</summary>
public sealed class KestrelGateway : IDisposable
{
    public GatewayHarness Gateway { get; } = new GatewayHarness().UseScriptedWebMoney().ListenOn();

    public void Dispose() => Gateway.Dispose();
}
