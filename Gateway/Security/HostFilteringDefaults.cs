using Microsoft.AspNetCore.HostFiltering;

namespace Gateway.Security;

/// <summary>
/// DNS rebinding defence: only loopback host names reach the gateway, and a request without a Host is refused.
/// AllowedHosts from configuration wins (appsettings.json sets the same list); when it is missing the default is
/// loopback, never the framework's "*". Runs before the display's post-configure adds the LAN names.
/// </summary>
public static class HostFilteringDefaults
{
    public static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static void Apply(HostFilteringOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = (configuration["AllowedHosts"] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        options.AllowedHosts = [.. configured.Length > 0 ? configured : LoopbackHosts];
        options.AllowEmptyHosts = false;
        // The 400 says nothing an attacker's page could use.
        options.IncludeFailureMessage = false;
    }
}
