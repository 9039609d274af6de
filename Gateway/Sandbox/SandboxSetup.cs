using Gateway.Hosting;
using Gateway.Settings;
using WebMoneyEmulator;
using WebMoneyEmulator.Control;

namespace Gateway.Sandbox;

/// <summary>
/// Sandbox mode (SPEC §8): in Development, when the settings directory holds no WebMoneySettings.txt, the
/// gateway writes an emulator bundle under <c>&lt;data directory&gt;/sandbox</c>, runs the WebMoney emulator
/// in-process over real HTTPS with the client certificate, reads its settings from the bundle (snapshots say
/// <c>Sandbox = true</c>) and serves the emulator's Pay/Decline page at <c>/sandbox</c>. Any other environment
/// never runs a sandbox: missing settings leave the gateway not configured.
/// </summary>
public static partial class SandboxSetup
{
    public const string PagePath = "/sandbox";

    public static WebApplicationBuilder AddSandbox(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        var settingsFile = Path.Combine(Hosting.GatewayPaths.SettingsDirectory(options, builder.Environment), WebMoneySettingsReader.FileName);
        if (!builder.Environment.IsDevelopment() || File.Exists(settingsFile))
        {
            return builder;
        }
        var bundle = Path.Combine(Hosting.GatewayPaths.DataDirectory(options, builder.Environment), "sandbox");
        builder.Services.AddSingleton(new SandboxPlan(bundle));
        builder.Services.AddSingleton<SandboxEmulator>();
        return builder;
    }

    /// <summary>The tills the sandbox bundle gives an identity of their own (N101, N102); any other terminal pays as the store (N100).</summary>
    public static readonly IReadOnlyList<string> SandboxTills = ["1", "2"];

    /// <summary>
    /// Starts the in-process emulator (before the gateway takes requests) and points the settings store at its
    /// bundle, so every snapshot from here on says <c>Sandbox = true</c>. Does nothing outside sandbox mode.
    /// </summary>
    public static async Task StartSandboxAsync(this WebApplication app)
    {
        if (app.Services.GetService<SandboxPlan>() is not { } plan)
        {
            return;
        }
        var store = app.Services.GetRequiredService<SettingsStore>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.Sandbox");
        var emulator = app.Services.GetRequiredService<SandboxEmulator>();
        try
        {
            emulator.Host = await EmulatorHost.StartAsync(new EmulatorHostOptions
            {
                BundleDirectory = plan.BundleDirectory,
                SoapUrl = "https://127.0.0.1:0",
                ControlUrl = "http://127.0.0.1:0",
                // Two tills of their own out of the box (SPEC §15), so a new user sees the feature: terminals 1 and 2 pay as N101 and N102.
                Terminals = SandboxTills,
                TimeProvider = app.Services.GetRequiredService<TimeProvider>(),
                LoggerFactory = new EmulatorLoggerFactory(app.Services.GetRequiredService<ILoggerFactory>()),
            });
            LogStarted(logger, plan.BundleDirectory, emulator.Host.SoapUrl, PagePath);
            // One clear line for the gateway's own addresses once Kestrel has bound them (the emulator's are internal).
            app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() =>
            {
                var addresses = string.Join(", ", app.Urls);
                if (addresses.Length > 0)
                {
                    LogListening(logger, addresses, PagePath);
                }
            });
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            // The snapshot read from the (broken) bundle says what is wrong; readiness shows it.
            LogFailed(logger, ex, plan.BundleDirectory);
        }
        store.UseDirectory(plan.BundleDirectory, sandbox: true);
    }

    /// <summary>Maps the running emulator's Pay/Decline page and control API under /sandbox (after <see cref="StartSandboxAsync"/>).</summary>
    public static WebApplication MapSandbox(this WebApplication app)
    {
        if (app.Services.GetService<SandboxEmulator>() is { Host: { } host })
        {
            app.MapEmulatorControl(host, PagePath);
        }
        return app;
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning,
        Message = "SANDBOX MODE: no WebMoneySettings.txt in the settings directory (Development), so payments go to the built-in WebMoney emulator, never to WebMoney. Bundle: {Bundle}; emulator: {SoapUrl}; pay or decline QR codes at {Page}")]
    private static partial void LogStarted(ILogger logger, string bundle, Uri soapUrl, string page);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning,
        Message = "SANDBOX: the gateway listens on {Addresses} (admin console /admin, Swagger /swagger, pay or decline QR codes at {Page}); the emulator's own addresses are internal. Stop with Ctrl+C.")]
    private static partial void LogListening(ILogger logger, string addresses, string page);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "The sandbox emulator did not start from the bundle {Bundle}; delete that folder to have a new bundle written")]
    private static partial void LogFailed(ILogger logger, Exception exception, string bundle);
}
