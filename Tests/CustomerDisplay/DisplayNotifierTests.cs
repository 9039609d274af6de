using CustomerDisplay;

namespace Tests.CustomerDisplay;

public sealed class DisplayNotifierTests : IAsyncLifetime
{
    private DisplayHubHost _host = null!;

    public async Task InitializeAsync() => _host = await DisplayHubHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Publish_OlderVersionOfTheSamePayment_IsDropped()
    {
        var display = await _host.ConnectAsync();
        await display.SubscribeAsync("T1");
        await _host.Notifier.PublishAsync(Snapshots.Paid("T1", "p1", paymentVersion: 3), default);
        await display.NextPushAsync();

        await _host.Notifier.PublishAsync(Snapshots.Awaiting("T1", "p1", paymentVersion: 2), default);
        var current = await _host.Notifier.GetCurrentAsync("T1", default);
        await _host.Notifier.PublishAsync(Snapshots.Awaiting("T1", "p2"), default);
        var next = await display.NextPushAsync();

        Assert.Equal(DisplayPhase.Paid, current.Phase);
        Assert.Equal("p2", next.PaymentId);
    }

    [Fact]
    public async Task GetCurrent_StampsTheServersClockAtTheTimeOfAsking()
    {
        await _host.Notifier.PublishAsync(Snapshots.Awaiting("T1", "p1"), default);
        _host.Time.Advance(TimeSpan.FromSeconds(42));

        var current = await _host.Notifier.GetCurrentAsync("T1", default);

        Assert.Equal(new DateTimeOffset(2031, 3, 1, 10, 0, 42, TimeSpan.Zero), current.ServerTime);
    }
}
