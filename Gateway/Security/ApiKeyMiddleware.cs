using System.Net.Http.Headers;
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

    private readonly byte[]? _key = KeyOf(options.Value);

    public async Task InvokeAsync(HttpContext context)
    {
        if (_key is null || !IsProtected(context.Request.Path))
        {
            await next(context);
            return;
        }
        if (Presents(context.Request, _key))
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

    /// <summary>The configured key as bytes; null when none is set.</summary>
    public static byte[]? KeyOf(GatewayOptions options) =>
        string.IsNullOrEmpty(options.ApiKey) ? null : Encoding.UTF8.GetBytes(options.ApiKey);

    /// <summary>
    /// Whether the request carries the key: in X-Api-Key, or — on the read-only pages a browser or Prometheus opens
    /// from another machine (<see cref="LoopbackOnlyMiddleware.IsRemoteWithKey"/>), which cannot send a header of their
    /// own — as the password of HTTP Basic (any user name). Never Basic on the API itself: a browser resends Basic by
    /// itself, and an ambient credential there would be one more thing a cross-site request could borrow.
    /// </summary>
    public static bool Presents(HttpRequest request, byte[] key)
    {
        if (request.Headers.ContainsKey(Header))
        {
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers[Header].ToString()), key);
        }
        return LoopbackOnlyMiddleware.IsRemoteWithKey(request.Path) && BasicPassword(request) is { } password
            && CryptographicOperations.FixedTimeEquals(password, key);
    }

    private static byte[]? BasicPassword(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return null;
        }
        var buffer = new byte[header.Parameter.Length];
        if (!Convert.TryFromBase64String(header.Parameter, buffer, out var length))
        {
            return null;
        }
        var colon = Array.IndexOf(buffer, (byte)':', 0, length);
        return colon < 0 ? null : buffer[(colon + 1)..length];
    }
}
