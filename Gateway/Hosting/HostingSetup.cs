using Microsoft.Extensions.Options;

namespace Gateway.Hosting;

public static class HostingSetup
{
    public const string ServiceName = "LocalPayGateway";

    /// <summary>
    /// Runs as a Windows service or a systemd unit when started by one (a console run is unchanged), and
    /// writes the log to a daily rolling file under <c>&lt;data directory&gt;/logs</c>.
    /// </summary>
    public static WebApplicationBuilder AddServiceHosting(this WebApplicationBuilder builder)
    {
        builder.Services.AddWindowsService(o => o.ServiceName = ServiceName);
        builder.Services.AddSystemd();

        builder.Services.AddOptions<FileLoggerOptions>().BindConfiguration(FileLoggerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        if (builder.Configuration.GetSection(FileLoggerOptions.Section).Get<FileLoggerOptions>()?.Enabled ?? true)
        {
            builder.Services.AddSingleton<ILoggerProvider, RollingFileLoggerProvider>();
        }
        builder.Services.AddHostedService<StartupPathsLog>();
        builder.Services.AddSingleton<FailureExitCode>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FailureExitCode>());
        if (OperatingSystem.IsWindows())
        {
            // Event Log source of the Windows service (install.ps1 registers it): warnings and errors reach the Windows log.
            builder.Services.Configure<Microsoft.Extensions.Logging.EventLog.EventLogSettings>(EventLogSource);
        }
        return builder;
    }

    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    private static void EventLogSource(Microsoft.Extensions.Logging.EventLog.EventLogSettings settings) => settings.SourceName = ServiceName;
}

/// <summary>Says at start-up where the data, the logs and the settings are, so an administrator can find them.</summary>
internal sealed partial class StartupPathsLog(IOptions<GatewayOptions> options, IHostEnvironment environment, IEnumerable<ILoggerProvider> providers, ILogger<StartupPathsLog> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var logs = providers.OfType<RollingFileLoggerProvider>().FirstOrDefault()?.Directory ?? "(file log off)";
        Paths(logger, GatewayVersion.Describe(), GatewayPaths.DataDirectory(options.Value, environment), logs,
            GatewayPaths.SettingsDirectory(options.Value, environment), environment.EnvironmentName);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information,
        Message = "{Version}: data {DataDirectory}, logs {LogDirectory}, settings {SettingsDirectory}, environment {Environment}")]
    private static partial void Paths(ILogger logger, string version, string dataDirectory, string logDirectory, string settingsDirectory, string environment);
}
