using System.Text.Json;
using System.Text.Json.Serialization;
using CustomerDisplay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Tests.CustomerDisplay;

/// <summary>The CustomerDisplay hub alone on a real Kestrel (127.0.0.1, ephemeral port), fed by a settable source.</summary>
/// <remarks>
/// Not a <c>GatewayHarness</c> on purpose: this is the library's test host, without the gateway's bridge, watchers
/// filter and journal, so the hub's own contract is what these tests pin.
/// </remarks>
public sealed class DisplayHubHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<HubConnection> _connections = [];

    private DisplayHubHost(WebApplication app, FakeSnapshotSource source, FakeTimeProvider time)
    {
        _app = app;
        Source = source;
        Time = time;
    }

    public FakeSnapshotSource Source { get; }

    public FakeTimeProvider Time { get; }

    public DisplayNotifier Notifier => _app.Services.GetRequiredService<DisplayNotifier>();

    public Uri HubUrl { get; private set; } = null!;

    public static async Task<DisplayHubHost> StartAsync(Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var source = new FakeSnapshotSource();
        var time = new FakeTimeProvider(new DateTimeOffset(2031, 3, 1, 10, 0, 0, TimeSpan.Zero));
        builder.Services.AddSingleton<IDisplaySnapshotSource>(source);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddCustomerDisplay();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapCustomerDisplayHub();
        var host = new DisplayHubHost(app, source, time);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.HubUrl = new Uri(new Uri(address), DisplayHub.Path);
        return host;
    }

    /// <summary>A started .NET SignalR client that records every pushed snapshot.</summary>
    public async Task<DisplayClient> ConnectAsync()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(HubUrl)
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
            .Build();
        var client = new DisplayClient(connection);
        _connections.Add(connection);
        await connection.StartAsync();
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed class FakeSnapshotSource : IDisplaySnapshotSource
{
    private readonly Dictionary<string, DisplaySnapshot> _snapshots = [];

    public void Set(DisplaySnapshot snapshot)
    {
        lock (_snapshots)
        {
            _snapshots[snapshot.TerminalId] = snapshot;
        }
    }

    public Task<DisplaySnapshot> GetSnapshotAsync(string terminalId, CancellationToken cancellationToken)
    {
        lock (_snapshots)
        {
            return Task.FromResult(_snapshots.TryGetValue(terminalId, out var s) ? s : DisplaySnapshot.Idle(terminalId, sandbox: false));
        }
    }
}

/// <summary>A display as the hub sees it: pushes arrive in a channel, in order.</summary>
public sealed class DisplayClient
{
    private readonly System.Threading.Channels.Channel<DisplaySnapshot> _pushes =
        System.Threading.Channels.Channel.CreateUnbounded<DisplaySnapshot>();

    public DisplayClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<DisplaySnapshot>(nameof(IDisplayClient.Snapshot), s => _pushes.Writer.TryWrite(s));
    }

    public HubConnection Connection { get; }

    public Task<DisplaySnapshot> SubscribeAsync(string terminalId) =>
        Connection.InvokeAsync<DisplaySnapshot>(nameof(DisplayHub.Subscribe), terminalId);

    public async Task<DisplaySnapshot> NextPushAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await _pushes.Reader.ReadAsync(timeout.Token);
    }
}

public static class Snapshots
{
    public static DisplaySnapshot Awaiting(string terminalId, string paymentId, long paymentVersion = 1, decimal amount = 1234.50m) => new()
    {
        Phase = DisplayPhase.Awaiting,
        TerminalId = terminalId,
        PaymentId = paymentId,
        Amount = amount,
        Currency = "RUB",
        PaymentSystem = "sbp",
        QrSvg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        QrPayload = "https://qr.nspk.ru/" + paymentId,
        Deadline = new DateTimeOffset(2031, 3, 1, 10, 3, 0, TimeSpan.Zero),
        PaymentVersion = paymentVersion,
    };

    public static DisplaySnapshot Paid(string terminalId, string paymentId, long paymentVersion) =>
        Awaiting(terminalId, paymentId, paymentVersion) with { Phase = DisplayPhase.Paid, QrSvg = null, QrPayload = null };
}
