using System.Net;

namespace Gateway.Security;

/// <summary>
/// <c>/settings*</c>, <c>/swagger*</c>, <c>/metrics</c>, the admin console <c>/admin*</c> and the sandbox emulator's page <c>/sandbox*</c> answer only connections from this PC (403 <c>loopback_only</c>), even when
/// the API is deliberately bound to a LAN address with an API key: the agent key and the WebMoney address are
/// changed at the shop PC, never from the Wi-Fi.
/// </summary>
public sealed class LoopbackOnlyMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (IsLoopbackOnly(context.Request.Path) && !IsLocal(context.Connection.RemoteIpAddress))
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "loopback_only",
                "Available on this computer only", "Open it at http://127.0.0.1 on the gateway's PC.").ExecuteAsync(context);
        }
        return next(context);
    }

    public static bool IsLoopbackOnly(PathString path) =>
        path.StartsWithSegments("/settings", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/sandbox", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);

    // No address: an in-process server or a local socket/pipe, never a network peer.
    public static bool IsLocal(IPAddress? remote) =>
        remote is null || IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
}
