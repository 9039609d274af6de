using System.Net;
using System.Text;
using System.Text.Json;
using Tests.Gateway.Display;

namespace Tests.Security;

/// <summary>
/// A device on the shop's Wi-Fi reaches the LAN display listener. Its GETs of the API are covered by
/// DisplayListenerTests.LanListener_RefusesEverythingElse_WhateverTheHostHeader and the hub's Origin check by
/// DisplayListenerTests.Hub_ChecksTheOrigin; here: the calls that would change something.
/// </summary>
public sealed class LanExposureTests(LanDisplayGatewayFixture fixture) : IClassFixture<LanDisplayGatewayFixture>, IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("POST", "/payments")]
    [InlineData("POST", "/payments/any/cancel")]
    [InlineData("PUT", "/settings")]
    [InlineData("PUT", "/settings/payment-types")]
    [InlineData("POST", "/display/../payments")]
    public async Task LanDisplayListener_RefusesStateChangingApiCalls_With404(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(fixture.Gateway.DisplayUrl(), path))
        {
            Content = new StringContent("""{"amount": 10, "paymentTypeCode": 5}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = "kassa-display.lan";

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void ShippedAppsettings_ListenOnLoopbackOnly_AndAllowOnlyLoopbackHostNames()
    {
        using var appsettings = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json")));
        var root = appsettings.RootElement;

        var urls = root.GetProperty("Urls").GetString()!.Split(';');
        Assert.All(urls, url => Assert.True(global::Gateway.Security.ExposureCheck.IsLoopback(url), url));
        Assert.Equal("localhost;127.0.0.1;[::1]", root.GetProperty("AllowedHosts").GetString());
        Assert.Equal(16384, root.GetProperty("Security").GetProperty("MaxRequestBodyBytes").GetInt32());
    }
}
