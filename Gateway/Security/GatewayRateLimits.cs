using System.Globalization;

namespace Gateway.Security;

/// <summary>
/// The flood limiter's partitions. <c>exempt</c> (display page, hub, its assets, health) — never limited, a flood
/// must not blank the customer's screen; <c>longpoll</c> (<c>GET /payments/{id}?waitSeconds=N</c>) — only a
/// concurrency cap, since a POS waits on it for up to 60 s and must never get 429 in normal use; <c>api</c>
/// (everything else) — a token bucket chained with a concurrency cap and a FIFO queue. The poller is not an HTTP
/// client, so polling WebMoney goes on whatever the flood does. The limits are applied by <see cref="FloodLimiter"/>.
/// </summary>
public static class GatewayRateLimits
{
    public const string Exempt = "exempt";
    public const string LongPoll = "longpoll";
    public const string Api = "api";

    public static string PartitionOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path;
        if (path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/display", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/vendor", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
        {
            return Exempt;
        }
        if (HttpMethods.IsGet(request.Method) && IsOnePayment(path)
            && int.TryParse(request.Query["waitSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var wait) && wait > 0)
        {
            return LongPoll;
        }
        return Api;
    }

    // /payments/{id} exactly (not its qr images, not the list).
    private static bool IsOnePayment(PathString path) =>
        path.StartsWithSegments("/payments", StringComparison.OrdinalIgnoreCase, out var rest)
        && rest.Value is { Length: > 1 } id && id.IndexOf('/', 1) < 0;
}
