using Gateway.Settings;
using Gateway.WebMoney;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Tests.Support;

/// <summary>
/// The whole gateway in memory (WebApplicationFactory) on its own data and settings directories. By default
/// WebMoney is the scripted seam; <see cref="UseSettingsDirectory"/> with a real bundle (the emulator's)
/// makes it the real path.
/// </summary>
public class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _config = new();
    private readonly List<Action<IServiceCollection>> _services = [];

    public GatewayFactory()
    {
        Data = new TempDirectory("gateway-data");
        Config("Gateway:DataDirectory", Data.Path);
        Config("Gateway:PollIntervalSeconds", "0.05");
    }

    public TempDirectory Data { get; }
    public string EnvironmentName { get; set; } = "Testing";
    public FakeLogCollector Logs { get; } = new();
    public ScriptedWebMoneyClient? Scripted { get; private set; }
    public FixedSettingsStore? FixedSettings { get; private set; }

    public GatewayFactory Config(string key, string? value)
    {
        _config[key] = value;
        return this;
    }

    /// <summary>WebMoney and the settings as seams: for API-shape tests that need no real server.</summary>
    public GatewayFactory UseScriptedWebMoney(int timeoutSeconds = 180)
    {
        Scripted = new ScriptedWebMoneyClient();
        FixedSettings = new FixedSettingsStore(timeoutSeconds);
        _services.Add(s =>
        {
            s.RemoveAll<IWebMoneyClientFactory>();
            s.AddSingleton<IWebMoneyClientFactory>(Scripted);
            s.RemoveAll<ISettingsStore>();
            s.AddSingleton<ISettingsStore>(FixedSettings);
        });
        return this;
    }

    public GatewayFactory UseSettingsDirectory(string directory) => Config("Gateway:SettingsDirectory", directory);

    public GatewayFactory WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_config));
        builder.ConfigureLogging(l => l.AddProvider(new FakeLoggerProvider(Logs)).SetMinimumLevel(LogLevel.Debug));
        builder.ConfigureServices(s =>
        {
            foreach (var configure in _services)
            {
                configure(s);
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Data.Dispose();
        }
    }
}
