using Gateway.Payments;
using Gateway.Storage;

namespace Tests.Gateway.Display;

/// <summary>The page survives the gateway going away and coming back (a restart, a network drop).</summary>
[Collection(ChromiumCollection.Name)]
public sealed class DisplayReconnectTests(ChromiumFixture browser)
{
    private readonly DisplayPage _page = new(browser);

    [Fact]
    public async Task GatewayRestart_PageReconnectsBySelfAndShowsTheCurrentQr()
    {
        var payments = new InMemoryPayments();
        var first = DisplayHarness.Start(payments);
        var port = first.Port;
        var before = TestPayments.Awaiting("R1", amount: 1234.50m);
        _page.Open(first.PageUrl("R1"));
        await first.CommitAsync(before);
        _page.WaitPhase("awaiting");

        await first.DisposeAsync();
        _page.WaitDisconnected();
        // While the gateway was down, the journal moved on: that payment was paid and a new one started.
        payments.Set(TestPayments.Paid(before, TestPayments.ServerStart));
        payments.Set(TestPayments.Awaiting("R1", PaymentSystem.Alipay, 500m) with { CreatedAt = TestPayments.ServerStart.AddMinutes(1) });
        await using var second = DisplayHarness.Start(payments, port);
        _page.WaitConnected(seconds: 15);
        _page.WaitPhase("awaiting");

        Assert.Equal("500,00 ₽", _page.Text("amount"));
        Assert.Equal("Alipay", _page.Text("system"));
        Assert.NotNull(_page.QrSize());
        _page.Screenshot("7-after-reconnect");
    }
}
