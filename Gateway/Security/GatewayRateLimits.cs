using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Gateway.Security;

/// <summary>
/// The flood limiter. Partitions: <c>exempt</c> (display page, hub, its assets, health) — never limited, a flood
/// must not blank the customer's screen; <c>longpoll</c> (<c>GET /payments/{id}?waitSeconds=N</c>) — only a
/// concurrency cap, since a POS waits on it for up to 60 s and must never get 429 in normal use; <c>api</c>
/// (everything else) — a concurrency cap with a FIFO queue plus a token bucket. The poller is not an HTTP client,
/// so polling WebMoney goes on whatever the flood does. Rejections are 429 <c>too_many_requests</c>.
/// </summary>
public static class GatewayRateLimits
{
    public const string Exempt = "exempt";
    public const string LongPoll = "longpoll";
    public const string Api = "api";

    public static void Configure(RateLimiterOptions options, SecurityOptions limits)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(limits);
        var concurrency = PartitionedRateLimiter.Create<HttpContext, string>(context => PartitionOf(context.Request) switch
        {
            Api => RateLimitPartition.GetConcurrencyLimiter(Api, _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = limits.ConcurrentRequests,
                QueueLimit = limits.QueueLength,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }),
            LongPoll => RateLimitPartition.GetConcurrencyLimiter(LongPoll, _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = limits.LongPollConcurrency,
                QueueLimit = 0,
            }),
            _ => RateLimitPartition.GetNoLimiter(Exempt),
        });
        var rate = PartitionedRateLimiter.Create<HttpContext, string>(context => PartitionOf(context.Request) == Api
            ? RateLimitPartition.GetTokenBucketLimiter(Api, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.Burst,
                TokensPerPeriod = limits.RequestsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            })
            : RateLimitPartition.GetNoLimiter(Exempt));
        // The bucket first: a request refused by rate is not left holding a concurrency slot.
        options.GlobalLimiter = PartitionedRateLimiter.CreateChained(rate, concurrency);
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = async (context, _) =>
        {
            context.HttpContext.Response.Headers.RetryAfter = "1";
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                context.HttpContext.Response.Headers.RetryAfter =
                    Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }
            await Problems.Create(StatusCodes.Status429TooManyRequests, "too_many_requests", "Too many requests",
                "The gateway is busy; retry after the number of seconds in Retry-After.").ExecuteAsync(context.HttpContext);
        };
    }

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
