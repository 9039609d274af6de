using System.Net;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gateway.Display;

/// <summary>
/// The optional LAN listener(s) of Gateway:DisplayUrls. Connections accepted there are marked, so the gate
/// decides by the listener a request came in on, never by its Host header.
/// </summary>
/// <remarks>
/// Kestrel ignores the configured URLs (<c>--urls</c>, <c>Urls</c>, ASPNETCORE_URLS) as soon as code adds an
/// endpoint, so when a display URL is set the main URLs are bound here too, read from the same configuration.
/// Without Gateway:DisplayUrls this class does nothing and Kestrel binds the URLs itself.
/// </remarks>
public sealed class DisplayListener
{
    private const string ConnectionItemKey = "LocalPayGateway.DisplayListener";
    private readonly List<ListenOptions> _displayEndpoints = [];

    /// <summary>The display endpoints; after the server started, with their actual ports.</summary>
    public IReadOnlyList<IPEndPoint> EndPoints =>
        [.. _displayEndpoints.Select(e => e.IPEndPoint).OfType<IPEndPoint>()];

    public static bool IsDisplayConnection(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(ConnectionItemKey) == true;

    public static IReadOnlyList<string> DisplayUrlsOf(IConfiguration configuration) =>
        Split(configuration[$"{GatewayOptions.Section}:{nameof(GatewayOptions.DisplayUrls)}"]);

    internal void Configure(KestrelServerOptions kestrel, IConfiguration configuration)
    {
        var displayUrls = DisplayUrlsOf(configuration);
        if (displayUrls.Count == 0)
        {
            return;
        }
        // Endpoints from the Kestrel:Endpoints section still bind as usual; then Kestrel ignores URLs anyway.
        if (!configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            foreach (var url in MainUrlsOf(configuration))
            {
                Listen(kestrel, url, display: false);
            }
        }
        foreach (var url in displayUrls)
        {
            _displayEndpoints.Add(Listen(kestrel, url, display: true));
        }
    }

    private static IEnumerable<string> MainUrlsOf(IConfiguration configuration)
    {
        var urls = Split(configuration[WebHostDefaults.ServerUrlsKey]);
        if (urls.Count > 0)
        {
            return urls;
        }
        var ports = Split(configuration["http_ports"]).Select(p => $"http://*:{p}")
            .Concat(Split(configuration["https_ports"]).Select(p => $"https://*:{p}"))
            .ToList();
        return ports.Count > 0 ? ports : ["http://localhost:5000"];
    }

    // Mirrors how Kestrel binds a URL: localhost → both loopbacks, an IP → that IP, anything else → all interfaces.
    private static ListenOptions Listen(KestrelServerOptions kestrel, string url, bool display)
    {
        var address = BindingAddress.Parse(url);
        var https = string.Equals(address.Scheme, "https", StringComparison.OrdinalIgnoreCase);
        ListenOptions? bound = null;
        void Configure(ListenOptions listen)
        {
            bound = listen;
            if (https)
            {
                listen.UseHttps();
            }
            if (display)
            {
                listen.Use(next => connection =>
                {
                    connection.Items[ConnectionItemKey] = true;
                    return next(connection);
                });
            }
        }

        if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(address.Port, Configure);
        }
        else if (IPAddress.TryParse(address.Host, out var ip))
        {
            kestrel.Listen(ip, address.Port, Configure);
        }
        else
        {
            kestrel.ListenAnyIP(address.Port, Configure);
        }
        return bound!;
    }

    private static List<string> Split(string? value) =>
        [.. (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
