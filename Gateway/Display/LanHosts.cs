using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;

namespace Gateway.Display;

/// <summary>The host names a LAN tablet may use for the display listener (see <see cref="DisplayHostingOptions.LanHosts"/>).</summary>
public sealed class LanHosts(IConfiguration configuration, IOptions<DisplayHostingOptions> options)
{
    private readonly Lazy<IReadOnlyList<string>> _names = new(() => Compute(configuration, options.Value));

    public IReadOnlyList<string> Names => _names.Value;

    private static List<string> Compute(IConfiguration configuration, DisplayHostingOptions options)
    {
        var urls = DisplayListener.DisplayUrlsOf(configuration);
        if (urls.Count == 0)
        {
            return [];
        }
        if (!string.IsNullOrWhiteSpace(options.LanHosts))
        {
            return [.. options.LanHosts.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }
        var names = new List<string>();
        foreach (var url in urls)
        {
            var host = BindingAddress.Parse(url).Host;
            if (host is "*" or "+" or "0.0.0.0" or "[::]" or "::")
            {
                names.AddRange(MachineNames());
            }
            else
            {
                names.Add(host);
            }
        }
        return [.. names.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static IEnumerable<string> MachineNames()
    {
        var hostName = Dns.GetHostName();
        yield return hostName;
        yield return hostName + ".local";
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces().Where(n => n.OperationalStatus == OperationalStatus.Up))
        {
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                var ip = unicast.Address;
                if (ip.AddressFamily == AddressFamily.InterNetwork)
                {
                    yield return ip.ToString();
                }
                else if (ip.AddressFamily == AddressFamily.InterNetworkV6 && !ip.IsIPv6LinkLocal)
                {
                    yield return $"[{ip}]";
                }
            }
        }
    }
}

/// <summary>Admits the LAN display host names to host filtering (the gate keeps them off the main listener).</summary>
internal sealed class LanHostFiltering(LanHosts lanHosts) : IPostConfigureOptions<HostFilteringOptions>
{
    public void PostConfigure(string? name, HostFilteringOptions options)
    {
        if (options.AllowedHosts.Count == 0 || options.AllowedHosts.Contains("*"))
        {
            return;
        }
        // The defaults may have set a fixed-size array, so build a new list.
        options.AllowedHosts = [.. options.AllowedHosts.Union(lanHosts.Names, StringComparer.OrdinalIgnoreCase)];
    }
}
