using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Tests.Support;
using WebMoneyEmulator;

namespace Tests.KassirClient;

/// <summary>
/// The real gateway (its Program, journal, poller and WCF client) on a real Kestrel port, talking to the real
/// emulator over HTTPS with the client certificate of the emulator's bundle. Both share one FakeTimeProvider,
/// so a test moves the payment's clock (polls, deadline) without waiting. It can be stopped like a crashing
/// process (connections cut at once) and started again on the same port with the same journal.
/// The gateway reads its settings from the emulator's bundle directory, as a shop's gateway reads its own.
/// </summary>
internal sealed class RealGateway : IAsyncDisposable
{
    private readonly TempDirectory data = new("kassir-gateway");
    private readonly TempDirectory bundle = new("kassir-bundle");
    private readonly Action<GatewayHarness>? configure;
    private GatewayHarness? gateway;

    private RealGateway(Action<GatewayHarness>? configure) => this.configure = configure;

    public FakeTimeProvider Time { get; } = new(TimeProvider.System.GetUtcNow());

    public EmulatorHost Emulator { get; private set; } = null!;

    public int Port { get; private set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <param name="configure">More gateway configuration (e.g. the flood limiter's <c>Security:*</c>).</param>
    public static async Task<RealGateway> StartAsync(Action<GatewayHarness>? configure = null)
    {
        var real = new RealGateway(configure);
        real.Emulator = await EmulatorHost.StartAsync(new EmulatorHostOptions { BundleDirectory = real.bundle.Path, TimeProvider = real.Time });
        real.Listen(0);
        return real;
    }

    /// <summary>Stops the gateway as a crash would: open requests (long-polls) are cut, the port closes.</summary>
    public async Task StopAsync()
    {
        if (gateway is { } running)
        {
            gateway = null;
            await running.DisposeAsync();
        }
    }

    /// <summary>Starts the gateway again on the same port and journal; it resumes its pending payments.</summary>
    public Task RestartAsync()
    {
        Listen(Port);
        return Task.CompletedTask;
    }

    /// <summary>Moves the shared clock in steps (the gateway polls on it) until <paramref name="task"/> ends.</summary>
    public async Task<T> AdvanceUntilAsync<T>(Task<T> task, int maxSeconds = 150, int stepSeconds = 1)
    {
        for (var i = 0; i < maxSeconds && !task.IsCompleted; i += stepSeconds)
        {
            Time.Advance(TimeSpan.FromSeconds(stepSeconds));
            await Task.WhenAny(task, Task.Delay(20));
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public string TransactionOf(string paymentId) =>
        Emulator.GetTransactions().Single(t => t.ExternalId == paymentId).TransactionId;

    public int EmulatorCalls(string operation) => Emulator.GetStats().GetValueOrDefault(operation);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Emulator.DisposeAsync();
        data.Dispose();
        bundle.Dispose();
    }

    private void Listen(int port)
    {
        // The settings are the emulator's bundle, read by the gateway's own settings store (SPEC §5 --init).
        var factory = new GatewayHarness()
            .Config("Gateway:DataDirectory", data.Path)
            .UseSettingsDirectory(bundle.Path)
            .WithServices(s =>
            {
                s.RemoveAll<TimeProvider>();
                s.AddSingleton<TimeProvider>(Time);

                // No grace period on stop: the test means a crash, and a held long-poll would otherwise delay it.
                s.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.Zero);
            });
        configure?.Invoke(factory);
        factory.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
        gateway = factory;
    }
}

/// <summary>Lets the gateway carry out the next creates but loses their answers, as a dropped connection would.</summary>
internal sealed class LosingHandler(int loseCreates) : DelegatingHandler(new SocketsHttpHandler { UseProxy = false })
{
    private int toLose = loseCreates;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath == "/payments"
            && Interlocked.Decrement(ref toLose) >= 0)
        {
            response.Dispose();
            throw new HttpRequestException("The connection was reset before the answer arrived.", new IOException("reset"));
        }

        return response;
    }
}
