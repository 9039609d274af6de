using Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace Gateway.Settings;

public static class SettingsSetup
{
    /// <summary>The settings store (one singleton, watching the settings directory) as <see cref="ISettingsStore"/>.</summary>
    public static WebApplicationBuilder AddSettings(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var logger = sp.GetRequiredService<ILogger<SettingsStore>>();
            // In sandbox mode the store waits for the emulator's bundle (Sandbox.SandboxHost points it there).
            var directory = sp.GetService<Sandbox.SandboxPlan>() is not null
                ? null
                : Hosting.GatewayPaths.SettingsDirectory(sp.GetRequiredService<IOptions<GatewayOptions>>().Value, sp.GetRequiredService<IHostEnvironment>());
            return new SettingsStore(directory, time, logger);
        });
        builder.Services.AddSingleton<ISettingsStore>(sp => sp.GetRequiredService<SettingsStore>());
        builder.Services.AddSingleton<SettingsFileWriter>();
        // Read (and log) the settings at start-up rather than on the first request.
        builder.Services.AddHostedService<SettingsWarmup>();
        return builder;
    }

    public static WebApplication MapSettings(this WebApplication app)
    {
        app.MapSettingsApi();
        app.MapTerminalsApi();
        return app;
    }

    private sealed class SettingsWarmup(SettingsStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = store.Current;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
