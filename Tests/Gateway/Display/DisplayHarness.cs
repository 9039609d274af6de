using Gateway.Display;
using Gateway.Payments;
using Gateway.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Tests.Support;

namespace Tests.Gateway.Display;

/// <summary>
/// The display tests' recipe for <see cref="GatewayHarness"/>: the real gateway on Kestrel at 127.0.0.1 with
/// <see cref="InMemoryPayments"/> standing in for the journal's query side, the server's clock at
/// <see cref="TestPayments.ServerStart"/>, <see cref="PingEndpoint"/> as "any API endpoint", and optionally the LAN
/// display listener. Tests "commit" a payment by storing it and telling the observers, as the payments core does.
/// </summary>
public static class DisplayHarness
{
    /// <summary>The LAN host name the LAN variant admits (Display:LanHosts).</summary>
    public const string LanHost = "kassa-display.lan";

    /// <summary>Started on Kestrel (port 0 = a free one); <paramref name="payments"/> may be shared with a successor.</summary>
    public static GatewayHarness Start(InMemoryPayments? payments = null, int port = 0) =>
        new GatewayHarness().UseDisplayTestData(payments ?? new InMemoryPayments()).ListenOn(port);

    /// <summary>Also a LAN display listener on 127.0.0.1:0 that admits <see cref="LanHost"/>.</summary>
    public static GatewayHarness StartWithLanListener()
    {
        var gateway = new GatewayHarness().UseDisplayTestData(new InMemoryPayments())
            // With Gateway:DisplayUrls the gateway binds the main URLs itself (DisplayListener): keep them off 5080.
            .Config(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0")
            .Config("Gateway:DisplayUrls", "http://127.0.0.1:0")
            .Config("Display:LanHosts", LanHost)
            .ListenOn();
        if (gateway.DisplayPorts().Contains(gateway.Port))
        {
            throw new InvalidOperationException($"BaseAddress {gateway.BaseAddress} is the LAN display listener, not the API one.");
        }
        return gateway;
    }

    /// <summary>An empty settings folder (no WebMoney needed), the in-memory payments, the fake server clock, /test/ping.</summary>
    public static GatewayHarness UseDisplayTestData(this GatewayHarness gateway, InMemoryPayments payments) =>
        gateway.UseEmptySettingsDirectory()
            .UseTime(new FakeTimeProvider(TestPayments.ServerStart))
            .WithServices(s =>
            {
                s.RemoveAll<IPaymentQueries>();
                s.AddSingleton<IPaymentQueries>(payments);
                s.AddSingleton<IStartupFilter, PingEndpoint>();
            });

    public static InMemoryPayments Payments(this GatewayHarness gateway) =>
        (InMemoryPayments)gateway.Services.GetRequiredService<IPaymentQueries>();

    /// <summary>As the payments core does after a journal commit: store, then tell every observer.</summary>
    public static async Task CommitAsync(this GatewayHarness gateway, Payment payment)
    {
        gateway.Payments().Set(payment);
        foreach (var observer in gateway.Services.GetServices<IPaymentObserver>())
        {
            await observer.OnPaymentChangedAsync(payment, CancellationToken.None);
        }
    }

    /// <summary>The display page of a terminal on the main (API) listener.</summary>
    public static string PageUrl(this GatewayHarness gateway, string terminalId) =>
        new Uri(gateway.BaseAddress, $"{DisplaySetup.PagePath}?terminal={terminalId}").ToString();

    /// <summary>The LAN display listener (<see cref="StartWithLanListener"/>).</summary>
    public static Uri DisplayUrl(this GatewayHarness gateway)
    {
        var ports = gateway.DisplayPorts();
        return gateway.Addresses.FirstOrDefault(a => ports.Contains(a.Port))
            ?? throw new InvalidOperationException("This gateway has no LAN display listener (Gateway:DisplayUrls).");
    }

    private static HashSet<int> DisplayPorts(this GatewayHarness gateway) =>
        [.. gateway.Services.GetRequiredService<DisplayListener>().EndPoints.Select(e => e.Port)];
}

/// <summary>One display gateway shared by a test class (tests use distinct terminals).</summary>
public class DisplayGatewayFixture : IAsyncLifetime
{
    public GatewayHarness Gateway { get; private set; } = null!;

    protected virtual GatewayHarness Start() => DisplayHarness.Start();

    public Task InitializeAsync()
    {
        Gateway = Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}

/// <summary>A display gateway with a LAN display listener on 127.0.0.1:0 and a LAN host name.</summary>
public sealed class LanDisplayGatewayFixture : DisplayGatewayFixture
{
    protected override GatewayHarness Start() => DisplayHarness.StartWithLanListener();
}
