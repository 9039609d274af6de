using System.Net;
using Microsoft.Extensions.Options;

namespace Gateway.Security;

/// <summary>
/// <c>/settings*</c>, <c>/swagger*</c>, <c>/metrics</c>, the admin console <c>/admin*</c> and the sandbox emulator's page
/// <c>/sandbox*</c> answer only connections from this PC (403 <c>loopback_only</c>): the agent key and the WebMoney
/// address are changed at the gateway's PC, never from the Wi-Fi. On a store server (SPEC §14: the API published on
/// the LAN, which needs Gateway:ApiKey) the admin console and <c>/metrics</c> are also served to another machine that
/// presents the API key (<see cref="ApiKeyMiddleware.Presents"/>); without it, 401 with a Basic challenge, so that a
/// browser asks for it.
/// </summary>
public sealed class LoopbackOnlyMiddleware(RequestDelegate next, IOptions<GatewayOptions> options)
{
    private readonly byte[]? _key = ApiKeyMiddleware.KeyOf(options.Value);

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!IsLoopbackOnly(path) || IsLocal(context.Connection.RemoteIpAddress))
        {
            return next(context);
        }
        if (_key is null || !IsRemoteWithKey(path))
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "loopback_only",
                "Available on this computer only", "Open it at http://127.0.0.1 on the gateway's PC.").ExecuteAsync(context);
        }
        if (ApiKeyMiddleware.Presents(context.Request, _key))
        {
            return next(context);
        }
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"LocalPayGateway\", charset=\"UTF-8\"";
        return Problems.Create(StatusCodes.Status401Unauthorized, "unauthorized", "Missing or wrong API key",
            "From another computer this needs Gateway:ApiKey: the header X-Api-Key, or the key as the password the browser asks for.")
            .ExecuteAsync(context);
    }

    public static bool IsLoopbackOnly(PathString path) =>
        path.StartsWithSegments("/settings", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/sandbox", StringComparison.OrdinalIgnoreCase)
        || IsRemoteWithKey(path);

    /// <summary>The loopback-only paths another machine may open with the API key (SPEC §14): read-only pages.</summary>
    public static bool IsRemoteWithKey(PathString path) =>
        path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);

    // No address: an in-process server or a local socket/pipe, never a network peer.
    public static bool IsLocal(IPAddress? remote) =>
        remote is null || IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
}
