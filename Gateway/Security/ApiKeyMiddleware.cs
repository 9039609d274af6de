using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Gateway.Security;

/// <summary>
/// Optional Gateway:ApiKey: when set, <c>/payments*</c>, <c>/settings*</c>, <c>/payment-types</c>, <c>/refunds*</c>, <c>/reports*</c> and <c>/metrics</c> require the
/// header X-Api-Key, compared in constant time (another local process must not guess it byte by byte).
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<GatewayOptions> options)
{
    public const string Header = "X-Api-Key";

    private readonly byte[]? _key = string.IsNullOrEmpty(options.Value.ApiKey) ? null : Encoding.UTF8.GetBytes(options.Value.ApiKey);

    public async Task InvokeAsync(HttpContext context)
    {
        if (_key is null || !IsProtected(context.Request.Path))
        {
            await next(context);
            return;
        }
        var given = Encoding.UTF8.GetBytes(context.Request.Headers[Header].ToString());
        if (CryptographicOperations.FixedTimeEquals(given, _key))
        {
            await next(context);
            return;
        }
        await Problems.Create(StatusCodes.Status401Unauthorized, "unauthorized", "Missing or wrong X-Api-Key",
            "This gateway requires the header X-Api-Key (Gateway:ApiKey).").ExecuteAsync(context);
    }

    /// <summary>
    /// Whether the request carries the configured key (constant time); true when no key is configured. For an answer that
    /// is open to all but shows more to the key holder (/health/ready, docs/security.md).
    /// </summary>
    public static bool CarriesKey(HttpRequest request, string? configured) =>
        string.IsNullOrEmpty(configured)
        || CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers[Header].ToString()), Encoding.UTF8.GetBytes(configured));

    public static bool IsProtected(PathString path) =>
        path.StartsWithSegments("/payments") || path.StartsWithSegments("/settings") || path.StartsWithSegments("/payment-types")
        || path.StartsWithSegments("/refunds")
        || path.StartsWithSegments("/reports")
        || path.StartsWithSegments("/metrics");
}
