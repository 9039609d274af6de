namespace Gateway.Display;

/// <summary>How the gateway publishes the customer display (the <c>Display</c> section; the LAN URLs are <c>Gateway:DisplayUrls</c>).</summary>
public sealed class DisplayHostingOptions
{
    public const string Section = "Display";

    /// <summary>
    /// Host names (and IP addresses) a tablet uses to reach the LAN display listener, separated by <c>;</c>.
    /// Default: the hosts named in Gateway:DisplayUrls, or for a wildcard address (0.0.0.0, *, +, [::]) this
    /// machine's IP addresses and its name. Allowed on the display listener only.
    /// </summary>
    public string? LanHosts { get; set; }

    /// <summary>
    /// Extra origins (e.g. <c>http://kiosk.local:8080</c>) whose pages may connect to the display hub, separated by
    /// <c>;</c>. Same-origin pages and non-browser clients (no Origin header) are always allowed.
    /// </summary>
    public string? AllowedOrigins { get; set; }
}
