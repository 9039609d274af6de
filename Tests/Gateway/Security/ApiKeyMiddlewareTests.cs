using System.Net;
using Tests.Support;

namespace Tests.Gateway.Security;

/// <summary>Gateway:ApiKey set: every API request must carry it in X-Api-Key (the cross-cutting exposure checks: Tests/Security).</summary>
public sealed class ApiKeyMiddlewareTests : IDisposable
{
    private readonly GatewayHarness _factory = new GatewayHarness().UseScriptedWebMoney().Config("Gateway:ApiKey", "s3cret-key");

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task ApiKeySet_RequestWithoutOrWithWrongKey_401Unauthorized()
    {
        var http = _factory.CreateClient();

        var none = await http.GetAsync("/payment-types");
        http.DefaultRequestHeaders.Add("X-Api-Key", "wrong");
        var wrong = await http.GetAsync("/payments");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("\"unauthorized\"", await wrong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ApiKeySet_RightKey_Served()
    {
        var http = _factory.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", "s3cret-key");

        var response = await http.GetAsync("/payment-types");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
