namespace Gateway.Security;

/// <summary>
/// A page in the shop PC's browser may send "simple" requests to 127.0.0.1 without CORS (a form POST, a
/// no-cors fetch). Every state-changing request (any method but GET/HEAD/OPTIONS/TRACE) that a browser marks as
/// coming from another origin — <c>Sec-Fetch-Site</c> other than same-origin/none, or an <c>Origin</c> that is not
/// the gateway's own — gets 403 <c>cross_site_request</c>. Programs (Кассир, curl) send neither header.
/// This also covers <c>POST /payments/{id}/cancel</c>, which has no body for the JSON-only rule to check.
/// The display hub is left to <see cref="Display.DisplayGate"/>, which has its own origin list.
/// </summary>
public sealed class CrossSiteRequestGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || HttpMethods.IsTrace(request.Method) || request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }
        if (IsCrossSite(request))
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "cross_site_request",
                "Requests from another site's page are refused",
                "Only the gateway's own pages and programs (no Origin header) may change anything.").ExecuteAsync(context);
        }
        return next(context);
    }

    public static bool IsCrossSite(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0
            && !string.Equals(fetchSite, "same-origin", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(fetchSite, "none", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false;
        }
        // "null" (sandboxed frames, file: pages) and anything unparsable are foreign.
        return !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || !string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(uri.Authority, Authority(request), StringComparison.OrdinalIgnoreCase);
    }

    // The Host header as Uri.Authority writes it: without the scheme's default port.
    private static string Authority(HttpRequest request)
    {
        var defaultPort = string.Equals(request.Scheme, "https", StringComparison.OrdinalIgnoreCase) ? 443 : 80;
        return request.Host.Port is int port && port != defaultPort ? $"{request.Host.Host}:{port}" : request.Host.Host;
    }
}
