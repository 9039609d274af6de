using CustomerDisplay;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task WithAQrRenderer_TheKeptSnapshotDropsTheSvg_AndASubscribeGetsItRenderedFromThePayload()
    {
        var renderer = new CountingRenderer();
        await using var host = await DisplayHubHost.StartAsync(s => s.AddSingleton<IDisplayQrRenderer>(renderer));
        var display = await host.ConnectAsync();
        await display.SubscribeAsync("T1");

        await host.Notifier.PublishAsync(Snapshots.Awaiting("T1", "p1"), default);
        var pushed = await display.NextPushAsync();
        var rendersAfterPush = renderer.Calls;
        var resubscribed = await display.SubscribeAsync("T1");

        Assert.Equal(Snapshots.Awaiting("T1", "p1").QrSvg, pushed.QrSvg);
        Assert.Equal(0, rendersAfterPush);
        Assert.Equal("<svg>https://qr.nspk.ru/p1</svg>", resubscribed.QrSvg);
        Assert.Equal("https://qr.nspk.ru/p1", resubscribed.QrPayload);
    }

    private sealed class CountingRenderer : IDisplayQrRenderer
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string Svg(string payload)
        {
            Interlocked.Increment(ref _calls);
            return $"<svg>{payload}</svg>";
        }
    }
}
