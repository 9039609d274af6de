using System.Text.Json;
using System.Text.Json.Serialization;
using CustomerDisplay;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Tests.Support;

namespace Tests.Gateway.Display;

/// <summary>The QR SVG is rendered only for a terminal a display watches (bench B2), yet every page gets it at once.</summary>
public sealed class DisplayWatchersTests
{
    [Fact]
    public async Task Announce_NoDisplayWatchesTheTerminal_NoSvgIsRendered_ButAPageThatSubscribesGetsItAtOnce()
    {
        await using var gateway = DisplayHarness.Start();
        var payment = TestPayments.Awaiting("W1");

        await PublishAsync(gateway, payment);
        var watchedWhenAnnounced = Watchers(gateway).IsWatched("W1");
        var announced = await AnnouncedAsync(gateway, "W1");
        await using var page = await ConnectAsync(gateway);
        var subscribed = await page.InvokeAsync<DisplaySnapshot>(nameof(DisplayHub.Subscribe), "W1");

        // The bridge renders the SVG for watched terminals only; the notifier keeps the payload, not the picture.
        Assert.False(watchedWhenAnnounced);
        Assert.Equal(payment.QrPayload, announced.QrPayload);
        Assert.Equal(DisplayPhase.Awaiting, subscribed.Phase);
        Assert.StartsWith("<svg", subscribed.QrSvg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Announce_ADisplayWatchesTheTerminal_ThePushCarriesTheSvg()
    {
        await using var gateway = DisplayHarness.Start();
        await using var page = await ConnectAsync(gateway);
        var pushed = new TaskCompletionSource<DisplaySnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.On<DisplaySnapshot>("Snapshot", s =>
        {
            if (s.Phase == DisplayPhase.Awaiting)
            {
                pushed.TrySetResult(s);
            }
        });
        await page.InvokeAsync<DisplaySnapshot>(nameof(DisplayHub.Subscribe), "W2");

        await gateway.CommitAsync(TestPayments.Awaiting("W2"));
        var snapshot = await pushed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.StartsWith("<svg", snapshot.QrSvg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watchers_AfterTheLastPageLeft_TheTerminalIsNoLongerWatched()
    {
        await using var gateway = DisplayHarness.Start();
        var page = await ConnectAsync(gateway);
        await page.InvokeAsync<DisplaySnapshot>(nameof(DisplayHub.Subscribe), "W3");

        var watchedWhileOpen = Watchers(gateway).IsWatched("W3");
        await page.DisposeAsync();

        await Eventually(() => !Watchers(gateway).IsWatched("W3"));
        Assert.True(watchedWhileOpen);
    }

    private static global::Gateway.Display.DisplayWatchers Watchers(GatewayHarness gateway) =>
        gateway.Services.GetRequiredService<global::Gateway.Display.DisplayWatchers>();

    private static async Task<HubConnection> ConnectAsync(GatewayHarness gateway)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(gateway.BaseAddress, DisplayHub.Path))
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
            .Build();
        await connection.StartAsync();
        return connection;
    }

    // Straight to the bridge (no journal copy): what the notifier then holds is the announcement itself.
    private static Task PublishAsync(GatewayHarness gateway, global::Gateway.Storage.Payment payment) =>
        gateway.Services.GetRequiredService<global::Gateway.Display.DisplayBridge>().PublishAsync(payment, CancellationToken.None);

    private static Task<DisplaySnapshot> AnnouncedAsync(GatewayHarness gateway, string terminal) =>
        gateway.Services.GetRequiredService<DisplayNotifier>().GetCurrentAsync(terminal, CancellationToken.None);

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50);
        }
        Assert.True(condition());
    }
}
