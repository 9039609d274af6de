using System.Reflection;
using Gateway.Journal;

namespace Gateway.Hosting;

/// <summary>
/// The product version (one place: <c>&lt;Version&gt;</c> in Directory.Build.props) and the journal schema version
/// this build writes. Shown by /health/live, the admin console's footer and the log's first line.
/// </summary>
public static class GatewayVersion
{
    public static string Product { get; } =
        typeof(GatewayVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static int JournalSchema => Journal.JournalSchema.Version;

    /// <summary>"LocalPayGateway 1.0.0, journal schema 2".</summary>
    public static string Describe() => $"{GatewayPaths.ProductFolder} {Product}, journal schema {JournalSchema}";
}
