using System.Net;
using Gateway.Display;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Gateway.Security;

/// <summary>
/// The API bound to anything but loopback (e.g. <c>--urls http://0.0.0.0:5080</c>) without Gateway:ApiKey would let
/// anyone on the shop's Wi-Fi create and cancel payments: the gateway refuses to start. Checked on the configured
/// URLs before Kestrel binds anything, and again on the bound addresses (endpoints configured in code). The LAN
/// display listener (Gateway:DisplayUrls) is not the API and is not counted. With the key set, an API on the LAN whose
/// AllowedHosts still lists only loopback names is logged as a warning: every till would get 400 (host filtering).
/// </summary>
public sealed partial class ExposureCheck(
    IConfiguration configuration,
    IOptions<GatewayOptions> options,
    IServer server,
    IServiceProvider services,
    ILogger<ExposureCheck> logger) : IHostedLifecycleService
{
    private bool _warned;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var urls = Split(configuration[WebHostDefaults.ServerUrlsKey])
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>())
            .Concat(Split(configuration["http_ports"]).Select(p => $"http://*:{p}"))
            .Concat(Split(configuration["https_ports"]).Select(p => $"https://*:{p}"));
        Check(urls);
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        // Optional: a host without the display has no LAN listener to leave out.
        var displayPorts = (services.GetService<DisplayListener>()?.EndPoints ?? []).Select(e => e.Port).ToHashSet();
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Check(addresses.Where(a => !displayPorts.Contains(PortOf(a))));
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Check(IEnumerable<string> urls)
    {
        if (urls.FirstOrDefault(u => !IsLoopback(u)) is not { } exposed)
        {
            return;
        }
        if (!string.IsNullOrEmpty(options.Value.ApiKey))
        {
            var allowed = Split(configuration["AllowedHosts"]);
            if (!_warned && allowed.All(h => HostFilteringDefaults.LoopbackHosts.Contains(h, StringComparer.OrdinalIgnoreCase)))
            {
                _warned = true;
                LogLoopbackHostsOnly(logger, exposed);
            }
            return;
        }
        throw new InvalidOperationException(
            $"The API would listen on {exposed}, which is reachable from other computers, but Gateway:ApiKey is not set. "
            + "Set Gateway:ApiKey (and X-Api-Key in Кассир's client), or listen on http://127.0.0.1 only. "
            + "To publish just the customer display on the LAN, use Gateway:DisplayUrls.");
    }

    /// <summary>localhost and loopback IPs; wildcards (*, +, 0.0.0.0, [::]) and other names bind every interface.</summary>
    public static bool IsLoopback(string url)
    {
        var address = BindingAddress.Parse(url);
        if (address.IsUnixPipe || address.IsNamedPipe)
        {
            return true;
        }
        var host = address.Host;
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    [LoggerMessage(EventId = 1040, Level = LogLevel.Warning,
        Message = "The API listens on {Url}, but AllowedHosts lists only loopback names: other computers get 400 until the server's names and addresses are added to AllowedHosts (e.g. \"kassa-server;192.168.1.10;localhost;127.0.0.1;[::1]\").")]
    private static partial void LogLoopbackHostsOnly(ILogger logger, string url);

    private static int PortOf(string url) => BindingAddress.Parse(url).Port;

    private static List<string> Split(string? value) =>
        [.. (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
