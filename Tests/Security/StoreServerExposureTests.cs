using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tests.Support;

namespace Tests.Security;

/// <summary>
/// The gateway on a store server (SPEC §14): the API on the LAN only with Gateway:ApiKey, and the admin console and
/// /metrics from another machine only with that key. A LAN peer is faked with <see cref="RemoteAddressFromHeader"/>.
/// </summary>
public sealed class StoreServerExposureTests
{
    private const string Key = "store-key";

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/admin.js")]
    [InlineData("/metrics")]
    public async Task AdminAndMetrics_FromAnotherMachineWithTheKey_AreServed(string path)
    {
        using var gateway = Gateway(Key);
        using var http = gateway.CreateClient();
        using var request = FromLan(path);
        request.Headers.Add("X-Api-Key", Key);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/metrics")]
    public async Task AdminAndMetrics_FromAnotherMachineWithTheKeyAsTheBrowsersBasicPassword_AreServed(string path)
    {
        using var gateway = Gateway(Key);
        using var http = gateway.CreateClient();
        using var request = FromLan(path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Key)));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/admin", null)]
    [InlineData("/admin", "almost-" + Key)]
    [InlineData("/admin/admin.js", null)]
    [InlineData("/metrics", null)]
    [InlineData("/metrics", "almost-" + Key)]
    public async Task AdminAndMetrics_FromAnotherMachineWithoutTheRightKey_Are401AskingForIt(string path, string? key)
    {
        using var gateway = Gateway(Key);
        using var http = gateway.CreateClient();
        using var request = FromLan(path);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", await CrossSiteTests.CodeOf(response));
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.DoesNotContain("localpay_", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BasicPassword_OnTheApiItself_IsNotTheKey()
    {
        using var gateway = Gateway(Key);
        using var http = gateway.CreateClient();
        using var request = FromLan("/payments");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Key)));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/metrics")]
    public async Task AdminAndMetrics_FromAnotherMachineOnAGatewayWithoutKey_Are403LoopbackOnly(string path)
    {
        using var gateway = Gateway(key: null);
        using var http = gateway.CreateClient();
        using var request = FromLan(path);
        request.Headers.Add("X-Api-Key", Key);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("loopback_only", await CrossSiteTests.CodeOf(response));
    }

    [Fact]
    public async Task SettingsAndSwagger_FromAnotherMachineWithTheKey_StayLoopbackOnly()
    {
        using var gateway = Gateway(Key);
        using var http = gateway.CreateClient();
        using var settings = FromLan("/settings");
        settings.Headers.Add("X-Api-Key", Key);
        settings.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + Key)));

        using var response = await http.SendAsync(settings);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("loopback_only", await CrossSiteTests.CodeOf(response));
    }

    [Fact]
    public async Task ApiOnAllInterfacesWithTheKey_StartsAndServesWithTheKey()
    {
        using var gateway = new GatewayHarness().UseScriptedWebMoney().Config("Gateway:ApiKey", Key)
            .Config("urls", "http://0.0.0.0:0").Config("AllowedHosts", "kassa-server;localhost;127.0.0.1;[::1]");
        gateway.UseKestrel();
        gateway.StartServer();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gateway.Addresses.Single().Port}") };
        http.DefaultRequestHeaders.Add("X-Api-Key", Key);

        using var response = await http.GetAsync("/payment-types");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(gateway.Logs.GetSnapshot(), r => r.Id.Id == 1040);
    }

    [Fact]
    public void ApiOnAllInterfacesWithTheKeyButLoopbackAllowedHosts_StartsAndWarnsNamingAllowedHosts()
    {
        using var gateway = new GatewayHarness().UseScriptedWebMoney().Config("Gateway:ApiKey", Key).Config("urls", "http://0.0.0.0:0");
        gateway.UseKestrel();

        gateway.StartServer();

        var warning = Assert.Single(gateway.Logs.GetSnapshot(), r => r.Id.Id == 1040);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("AllowedHosts", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiOnAllInterfacesWithoutTheKey_RefusesToStart_NamingGatewayApiKey()
    {
        using var gateway = new GatewayHarness().UseScriptedWebMoney().Config("urls", "http://0.0.0.0:0");
        gateway.UseKestrel();

        var error = Record.Exception(() => gateway.StartServer());

        Assert.NotNull(error);
        Assert.Contains("Gateway:ApiKey", error.ToString(), StringComparison.Ordinal);
    }

    private static GatewayHarness Gateway(string? key) =>
        new GatewayHarness().UseScriptedWebMoney().Config("Gateway:ApiKey", key)
            .WithServices(s => s.AddSingleton<IStartupFilter, RemoteAddressFromHeader>());

    private static HttpRequestMessage FromLan(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(RemoteAddressFromHeader.Header, "192.168.1.50");
        return request;
    }
}
