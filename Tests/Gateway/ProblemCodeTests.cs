using System.Net;
using System.Text.Json;
using Tests.Support;

namespace Tests.Gateway;

/// <summary>Errors the framework raises itself (a value that does not bind, an unknown route) are ProblemDetails with a stable code too.</summary>
public sealed class ProblemCodeTests : IDisposable
{
    private readonly GatewayHarness _factory = new GatewayHarness().UseScriptedWebMoney();

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("/payments?from=garbage", "from")]
    [InlineData("/payments?attention=maybe", "attention")]
    [InlineData("/payments?limit=abc", "limit")]
    public async Task List_QueryValueThatDoesNotBind_400ValidationFailedNamingIt(string url, string field)
    {
        var response = await _factory.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("validation_failed", body.GetProperty("code").GetString());
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task UnknownRoute_404ProblemWithCode()
    {
        var response = await _factory.CreateClient().GetAsync("/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("\"code\":\"not_found\"", await response.Content.ReadAsStringAsync());
    }
}
