using Microsoft.Extensions.Options;

namespace Gateway.Display;

/// <summary>
/// First middleware of the pipeline (<c>app.UseDisplayGate()</c> at the top of Program.cs, so no feature's
/// middleware runs before it): the LAN display listener serves the display and nothing else, and only pages of
/// an allowed origin reach the hub.
/// </summary>
public sealed class DisplayGate(
    IOptions<DisplayHostingOptions> options,
    IConfiguration configuration,
    LanHosts lanHosts)
{
    private readonly Lazy<HashSet<string>> _lanOnlyHosts = new(() =>
    {
        // As configured, before LanHostFiltering added the LAN names.
        var allowed = (configuration["AllowedHosts"] ?? "").Split(';', StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return lanHosts.Names.Where(h => !allowed.Contains(h)).ToHashSet(StringComparer.OrdinalIgnoreCase);
    });

    private readonly Lazy<HashSet<string>> _allowedOrigins = new(() =>
        (options.Value.AllowedOrigins ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => o.TrimEnd('/'))
            .ToHashSet(StringComparer.OrdinalIgnoreCase));

    public static bool IsDisplayPath(PathString path) =>
        path.StartsWithSegments("/display", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/hubs/display", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/vendor/signalr.min.js", StringComparison.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (DisplayListener.IsDisplayConnection(context))
        {
            if (!IsDisplayPath(context.Request.Path))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
        }
        else if (_lanOnlyHosts.Value.Contains(context.Request.Host.Host))
        {
            // The LAN names are admitted by host filtering for the display listener's sake only.
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Task.CompletedTask;
        }

        if (context.Request.Path.StartsWithSegments("/hubs/display", StringComparison.OrdinalIgnoreCase)
            && !OriginAllowed(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }
        return next(context);
    }

    // Browsers always send Origin on WebSocket and cross-origin requests; programs (no Origin) are not the threat.
    private bool OriginAllowed(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }
        if (_allowedOrigins.Value.Contains(origin.TrimEnd('/')))
        {
            return true;
        }
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, Authority(request), StringComparison.OrdinalIgnoreCase);
    }

    // Host header as an authority, with the scheme's default port left out the way Uri.Authority does.
    private static string Authority(HttpRequest request)
    {
        var host = request.Host;
        var defaultPort = string.Equals(request.Scheme, "https", StringComparison.OrdinalIgnoreCase) ? 443 : 80;
        return host.Port is int port && port != defaultPort ? $"{host.Host}:{port}" : host.Host;
    }
}
