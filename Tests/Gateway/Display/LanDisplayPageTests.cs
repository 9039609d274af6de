using Tests.Support;
namespace Tests.Gateway.Display;

/// <summary>A tablet on the LAN: the page, its assets and the hub all work through the display-only listener.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class LanDisplayPageTests(ChromiumFixture browser, LanDisplayGatewayFixture fixture) : IClassFixture<LanDisplayGatewayFixture>
{
    private readonly DisplayPage _page = new(browser);
    private readonly GatewayHarness _gateway = fixture.Gateway;

    [Fact]
    public async Task LanListener_PageConnectsAndShowsTheQr()
    {
        _page.Open(new Uri(_gateway.DisplayUrl(), "/display?terminal=lan1").ToString());

        await _gateway.CommitAsync(TestPayments.Awaiting("lan1"));
        _page.WaitPhase("awaiting");

        Assert.NotNull(_page.QrSize());
        Assert.Equal("1 234,50 ₽", _page.Text("amount"));
    }
}
