using System.Net;
using Tests.Support;

namespace Tests.Gateway.Display;

public sealed class DisplayListenerTests(LanDisplayGatewayFixture fixture) : IClassFixture<LanDisplayGatewayFixture>, IDisposable
{
    private readonly GatewayHarness _gateway = fixture.Gateway;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false });

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("/display?terminal=T1", "text/html")]
    [InlineData("/display/display.js", "text/javascript")]
    [InlineData("/display/display.css", "text/css")]
    [InlineData("/display/texts.js", "text/javascript")]
    [InlineData("/vendor/signalr.min.js", "text/javascript")]
    public async Task LanListener_ServesTheDisplayPageAndItsAssets(string path, string contentType)
    {
        using var response = await _http.GetAsync(new Uri(_gateway.DisplayUrl(), path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task LanListener_AnswersTheHubNegotiation()
    {
        using var response = await _http.PostAsync(new Uri(_gateway.DisplayUrl(), "/hubs/display/negotiate?negotiateVersion=1"), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("connectionToken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/test/ping")]
    [InlineData("/payments")]
    [InlineData("/settings")]
    [InlineData("/swagger/index.html")]
    [InlineData("/health/ready")]
    [InlineData("/vendor/README.md")]
    public async Task LanListener_RefusesEverythingElse_WhateverTheHostHeader(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_gateway.DisplayUrl(), path));
        request.Headers.Host = "localhost";

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task MainListener_StillServesTheRestOfTheGateway()
    {
        using var response = await _http.GetAsync(new Uri(_gateway.BaseAddress, PingEndpoint.Path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task LanHostName_IsAcceptedOnTheDisplayListenerOnly()
    {
        using var onDisplay = new HttpRequestMessage(HttpMethod.Get, new Uri(_gateway.DisplayUrl(), "/display?terminal=T1"));
        onDisplay.Headers.Host = DisplayHarness.LanHost;
        using var onMain = new HttpRequestMessage(HttpMethod.Get, new Uri(_gateway.BaseAddress, "/display?terminal=T1"));
        onMain.Headers.Host = DisplayHarness.LanHost;

        using var displayResponse = await _http.SendAsync(onDisplay);
        using var mainResponse = await _http.SendAsync(onMain);

        Assert.Equal(HttpStatusCode.OK, displayResponse.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, mainResponse.StatusCode);
    }

    [Fact]
    public async Task UnknownHostName_IsRefusedOnTheDisplayListenerToo()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_gateway.DisplayUrl(), "/display?terminal=T1"));
        request.Headers.Host = "attacker.example";

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("http://attacker.example", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost.attacker.example", HttpStatusCode.Forbidden)]
    [InlineData("null", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.OK)]
    public async Task Hub_ChecksTheOrigin(string? origin, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_gateway.DisplayUrl(), "/hubs/display/negotiate?negotiateVersion=1"));
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await _http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Hub_AcceptsAPageOfItsOwnOrigin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_gateway.DisplayUrl(), "/hubs/display/negotiate?negotiateVersion=1"));
        request.Headers.Add("Origin", _gateway.DisplayUrl().GetLeftPart(UriPartial.Authority));

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
