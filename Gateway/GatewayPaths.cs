namespace Gateway;

/// <summary>Where the gateway keeps its files.</summary>
public static class GatewayPaths
{
    /// <summary>
    /// Gateway:DataDirectory when set; otherwise <c>data/</c> beside the program in Development, and a folder
    /// outside the program folder in Production so an upgrade never touches the journal
    /// (%ProgramData%\LocalPayGateway on Windows, /var/lib/localpaygateway on Linux).
    /// </summary>
    public static string DataDirectory(GatewayOptions options, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            return Path.GetFullPath(options.DataDirectory);
        }
        if (environment.IsDevelopment())
        {
            return Path.Combine(AppContext.BaseDirectory, "data");
        }
        return OperatingSystem.IsWindows()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "LocalPayGateway")
            : "/var/lib/localpaygateway";
    }

    /// <summary>Gateway:SettingsDirectory, else the gateway's own directory (as the original module kept its files beside its DLL).</summary>
    public static string SettingsDirectory(GatewayOptions options) =>
        string.IsNullOrWhiteSpace(options.SettingsDirectory) ? AppContext.BaseDirectory : Path.GetFullPath(options.SettingsDirectory);
}
