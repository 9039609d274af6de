using System.Collections.Concurrent;

namespace Gateway.Hosting;

/// <summary>
/// Where the gateway keeps its files. The data directory (journal, logs, sandbox bundle) lies outside the
/// program folder in Production, so an upgrade that replaces the program folder keeps them.
/// </summary>
public static class GatewayPaths
{
    public const string ProductFolder = "LocalPayGateway";

    private static readonly ConcurrentDictionary<string, string> Resolved = new(StringComparer.Ordinal);

    /// <summary><c>Gateway:SettingsDirectory</c> (relative to the content root), default the gateway's own folder (SPEC §9).</summary>
    public static string SettingsDirectory(GatewayOptions options, IHostEnvironment environment) =>
        string.IsNullOrWhiteSpace(options.SettingsDirectory)
            ? Path.GetFullPath(AppContext.BaseDirectory)
            : Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.SettingsDirectory));

    /// <summary>
    /// The data directory, created if needed: <c>Gateway:DataDirectory</c> (relative to the content root) when set;
    /// in Development <c>&lt;content root&gt;/data</c>; otherwise systemd's <c>STATE_DIRECTORY</c>, else
    /// <c>%ProgramData%\LocalPayGateway</c> on Windows and <c>/var/lib/localpaygateway</c> on Linux, falling back to
    /// the user's local application data folder when that is not writable.
    /// </summary>
    public static string DataDirectory(GatewayOptions options, IHostEnvironment environment)
    {
        var key = $"{options.DataDirectory}|{environment.EnvironmentName}|{environment.ContentRootPath}";
        return Resolved.GetOrAdd(key, _ => Resolve(options, environment));
    }

    /// <summary>Where the rolling log files go: <c>&lt;data directory&gt;/logs</c>.</summary>
    public static string LogDirectory(GatewayOptions options, IHostEnvironment environment) =>
        Path.Combine(DataDirectory(options, environment), "logs");

    private static string Resolve(GatewayOptions options, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            var configured = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.DataDirectory));
            Directory.CreateDirectory(configured);
            return configured;
        }
        foreach (var candidate in Candidates(environment))
        {
            if (IsWritable(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException(
            "No writable data directory: set Gateway:DataDirectory to a folder the gateway's account can write to.");
    }

    private static IEnumerable<string> Candidates(IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            yield return Path.Combine(environment.ContentRootPath, "data");
        }
        if (Environment.GetEnvironmentVariable("STATE_DIRECTORY") is { Length: > 0 } state)
        {
            yield return state.Split(':')[0];
        }
        if (OperatingSystem.IsWindows())
        {
            yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), ProductFolder);
        }
        else if (OperatingSystem.IsLinux())
        {
            yield return "/var/lib/localpaygateway";
        }
        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        if (local.Length > 0)
        {
            yield return Path.Combine(local, ProductFolder);
        }
        yield return Path.Combine(environment.ContentRootPath, "data");
    }

    private static bool IsWritable(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var probe = Path.Combine(directory, $".write-probe-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
