using Microsoft.Extensions.Options;

namespace Gateway.Display;

/// <summary>
/// Checks the <c>Display</c> section at start: a mistyped origin or host would otherwise only show up as a
/// tablet that cannot connect, far from the line that caused it.
/// </summary>
internal sealed class DisplayHostingOptionsValidator : IValidateOptions<DisplayHostingOptions>
{
    public ValidateOptionsResult Validate(string? name, DisplayHostingOptions options)
    {
        var failures = new List<string>();
        foreach (var origin in Split(options.AllowedOrigins))
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || uri.PathAndQuery != "/" || origin.EndsWith('/'))
            {
                failures.Add($"Display:AllowedOrigins: '{origin}' is not an origin; write it as scheme://host[:port], e.g. http://kiosk.local:8080.");
            }
        }

        foreach (var host in Split(options.LanHosts))
        {
            if (Uri.CheckHostName(host.Trim('[', ']')) == UriHostNameType.Unknown)
            {
                failures.Add($"Display:LanHosts: '{host}' is not a host name or IP address.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string[] Split(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
