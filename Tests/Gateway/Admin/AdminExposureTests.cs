using System.Net;
using Gateway.Security;
using Tests.Gateway.Display;
using Tests.Security;

namespace Tests.Gateway.Admin;

/// <summary>/admin is for the shop PC only: never on the LAN display listener, never through a foreign Host, never cross-site.</summary>
public sealed class AdminExposureTests(LanDisplayGatewayFixture fixture) : IClassFixture<LanDisplayGatewayFixture>, IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("/admin", "kassa-display.lan")]
    [InlineData("/admin", "127.0.0.1")]
    [InlineData("/admin/admin.js", "kassa-display.lan")]
    [InlineData("/admin/admin.html", "kassa-display.lan")]
    public async Task LanDisplayListener_RefusesTheAdminConsole(string path, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Gateway.DisplayUrl(), path));
        request.Headers.Host = host;

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("kassa-display.lan")]
    public async Task ForeignHost_OnTheMainListener_IsRefused(string host)
    {
        var status = await RawHttp.StatusAsync(fixture.Gateway.BaseAddress, $"GET /admin HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Loopback_ServesThePage_NeverFramed_ScriptsOnlyFromItself()
    {
        using var response = await _http.GetAsync(new Uri(fixture.Gateway.BaseAddress, "/admin"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("LocalPayGateway · администрирование", html);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.True(LoopbackOnlyMiddleware.IsLoopbackOnly("/admin"));
        Assert.True(LoopbackOnlyMiddleware.IsLoopbackOnly("/admin/admin.js"));
    }

    [Theory]
    [InlineData("POST", "/settings/connection-check")]
    [InlineData("PUT", "/settings/certificate")]
    [InlineData("POST", "/payments/any/recheck")]
    public async Task AnotherSitesPage_CannotCallTheNewEndpoints(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(fixture.Gateway.BaseAddress, path));
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("cross_site_request", await response.Content.ReadAsStringAsync());
    }
}
