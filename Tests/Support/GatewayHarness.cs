using System.Net;
using Gateway.Settings;
using Gateway.WebMoney;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Tests.Support;

/// <summary>
/// The one way tests host the gateway: its real <c>Program</c> in memory (or on a real Kestrel port) on temp data
/// and settings directories it owns. WebMoney is either the real emulator (<see cref="UseEmulator"/>: the gateway
/// reads the emulator's settings bundle as a shop's gateway reads its own) or the scripted seam
/// (<see cref="UseScriptedWebMoney"/>, for API-shape tests that need no server). <see cref="UseTime"/> gives the
/// gateway a <see cref="FakeTimeProvider"/>; <see cref="RestartAsync"/> stops it as a crash would and starts a
/// successor on the same port, journal and clock.
/// </summary>
public sealed class GatewayHarness : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _config;
    private readonly List<Action<IServiceCollection>> _services;
    private readonly List<TempDirectory> _owned;
    private int? _kestrelPort;
    private bool _stopping;
    private bool _stopped;
    private bool _handedOver;

    public GatewayHarness()
    {
        _config = new();
        _services = [];
        _owned = [];
        Data = Own(new TempDirectory("gateway-data"));
        Config("Gateway:DataDirectory", Data.Path);
        Config("Gateway:PollIntervalSeconds", "0.05");
    }

    private GatewayHarness(GatewayHarness crashed)
    {
        _config = new(crashed._config);
        _services = [.. crashed._services];
        _owned = [.. crashed._owned];
        _kestrelPort = crashed.Port;
        Data = crashed.Data;
        SettingsDirectory = crashed.SettingsDirectory;
        EnvironmentName = crashed.EnvironmentName;
        Time = crashed.Time;
        Emulator = crashed.Emulator;
        Scripted = crashed.Scripted;
        FixedSettings = crashed.FixedSettings;
        CrashOnStop = crashed.CrashOnStop;
        Logs = crashed.Logs;
    }

    /// <summary>The data directory (journal, history, logs); it survives <see cref="RestartAsync"/>.</summary>
    public TempDirectory Data { get; }

    /// <summary>The settings directory the gateway reads (the emulator's bundle, or a copy of it), when one is set.</summary>
    public string? SettingsDirectory { get; private set; }

    public string EnvironmentName { get; set; } = "Testing";

    public FakeLogCollector Logs { get; } = new();

    /// <summary>The gateway's clock when <see cref="UseTime"/> was called; otherwise it runs on the system clock.</summary>
    public FakeTimeProvider? Time { get; private set; }

    public EmulatorFixture? Emulator { get; private set; }

    public ScriptedWebMoneyClient? Scripted { get; private set; }

    public FixedSettingsStore? FixedSettings { get; private set; }

    /// <summary>Stop without a grace period (open long-polls are cut at once), as a crashing process would.</summary>
    public bool CrashOnStop { get; set; }

    private global::Gateway.Journal.DataDirectoryLock? _dataLock;

    /// <summary>The Kestrel port, once started with <see cref="ListenOn"/>; 0 before.</summary>
    public int Port { get; private set; }

    /// <summary>The address a real client (Chromium, KassirClient, raw sockets) uses; needs <see cref="ListenOn"/>.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public GatewayHarness Config(string key, string? value)
    {
        _config[key] = value;
        return this;
    }

    public GatewayHarness WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    /// <summary>WebMoney and the settings as seams: for API-shape tests that need no real server.</summary>
    public GatewayHarness UseScriptedWebMoney(int timeoutSeconds = 180)
    {
        Scripted = new ScriptedWebMoneyClient();
        FixedSettings = new FixedSettingsStore(timeoutSeconds);
        return WithServices(s =>
        {
            s.RemoveAll<IWebMoneyClientFactory>();
            s.AddSingleton<IWebMoneyClientFactory>(Scripted);
            s.RemoveAll<ISettingsStore>();
            s.AddSingleton<ISettingsStore>(FixedSettings);
        });
    }

    /// <summary>
    /// The real emulator behind the gateway, read through the gateway's own settings store from the emulator's
    /// bundle. <paramref name="copySettings"/> gives the gateway a private copy it may rewrite (admin saves,
    /// uploads) without touching the emulator's files.
    /// </summary>
    public GatewayHarness UseEmulator(EmulatorFixture emulator, bool copySettings = false)
    {
        Emulator = emulator;
        if (!copySettings)
        {
            return UseSettingsDirectory(emulator.BundleDirectory);
        }
        var copy = Own(new TempDirectory("gateway-settings"));
        EmulatorFixture.CopyFolder(emulator.BundleDirectory, copy.Path);
        return UseSettingsDirectory(copy.Path);
    }

    /// <summary>
    /// The emulator's bundle as a fixed snapshot with the timeout and error limit a test wants (no settings file
    /// read): the store is switchable mid-test (<see cref="SwitchableSettings.Current"/>).
    /// </summary>
    public GatewayHarness UseEmulatorSettings(EmulatorFixture emulator, int timeoutSeconds = 180, int maxStatusErrors = 3)
    {
        UseEmulator(emulator);
        var store = new SwitchableSettings(emulator.SettingsStore(timeoutSeconds, maxStatusErrors).Current);
        Switchable = store;
        return WithServices(s =>
        {
            s.RemoveAll<ISettingsStore>();
            s.AddSingleton<ISettingsStore>(store);
        });
    }

    /// <summary>The store given by <see cref="UseEmulatorSettings"/>.</summary>
    public SwitchableSettings? Switchable { get; private set; }

    public GatewayHarness UseSettingsDirectory(string directory)
    {
        SettingsDirectory = directory;
        return Config("Gateway:SettingsDirectory", directory);
    }

    /// <summary>Settings in a fresh temp directory of the harness's own (filled by the test).</summary>
    public GatewayHarness UseEmptySettingsDirectory() => UseSettingsDirectory(Own(new TempDirectory("gateway-settings")).Path);

    /// <summary>The gateway runs on this fake clock (polls, deadlines, signatures), shared with the test.</summary>
    public GatewayHarness UseTime(FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var clock = Time;
        return WithServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(clock);
        });
    }

    /// <summary>Starts the gateway on real Kestrel at 127.0.0.1 (0 = a free port); <see cref="BaseAddress"/> then works.</summary>
    public GatewayHarness ListenOn(int port = 0)
    {
        _kestrelPort = port;
        Start();
        return this;
    }

    /// <summary>Builds the host now (in memory, or on Kestrel after <see cref="ListenOn"/>).</summary>
    public GatewayHarness Start()
    {
        if (_kestrelPort is { } port)
        {
            UseKestrel(k => k.Listen(IPAddress.Loopback, port));
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            Port = new Uri(address).Port;
        }
        else
        {
            _ = Services;
        }
        // Held for StopAsync: after a stop the host's services may already be disposed.
        _dataLock = Services.GetService<global::Gateway.Journal.DataDirectoryLock>();
        return this;
    }

    /// <summary>Every address the gateway listens on (the API listener and, if configured, the LAN display one).</summary>
    public IReadOnlyList<Uri> Addresses =>
        Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();

    /// <summary>
    /// Stops this gateway as a crash would (connections cut, no grace period) and starts a successor on the same
    /// port, data directory, settings, clock and WebMoney; it resumes its pending payments from the journal.
    /// </summary>
    public async Task<GatewayHarness> RestartAsync()
    {
        if (!CrashOnStop)
        {
            throw new InvalidOperationException("Set CrashOnStop before the first start: a restart means a crash.");
        }
        await StopAsync();
        _handedOver = true;
        var next = new GatewayHarness(this);
        return _kestrelPort is null ? next.Start() : next.ListenOn(Port);
    }

    /// <summary>
    /// Stops the gateway (down until a <see cref="RestartAsync"/>), keeping its directories for a successor; a
    /// dispose without one removes them.
    /// </summary>
    public async Task StopAsync()
    {
        _stopping = true;
        // A crash ends the process and with it the OS's lock on the data directory, whatever was still running. In
        // this process the host's disposal releases it only when every singleton disposed cleanly and in time: a
        // successor started right after could find it still held (seen as a flaky "Another gateway (pid …) is using
        // the data directory" on restart). So the lock is let go here, as the OS would.
        var dataLock = _dataLock;
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            dataLock?.Dispose();
            _stopping = false;
            _stopped = true;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_stopped)
        {
            DeleteOwned();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        // Both: host settings reach what Program reads before Build() (the sandbox decision, the file logger, the
        // OTLP switch); the in-memory source, added last, wins over appsettings*.json for everything read after.
        foreach (var (key, value) in _config)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(_config));
        builder.ConfigureLogging(l => l.AddProvider(new FakeLoggerProvider(Logs)).SetMinimumLevel(LogLevel.Debug));
        builder.ConfigureServices(s =>
        {
            if (CrashOnStop)
            {
                s.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.Zero);
            }
            foreach (var configure in _services)
            {
                configure(s);
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && !_stopping)
        {
            DeleteOwned();
        }
    }

    /// <summary>The owned folders, unless a successor took them over.</summary>
    private void DeleteOwned()
    {
        if (_handedOver)
        {
            return;
        }
        foreach (var directory in _owned)
        {
            directory.Dispose();
        }
    }

    private TempDirectory Own(TempDirectory directory)
    {
        _owned.Add(directory);
        return directory;
    }

    public sealed class SwitchableSettings(SettingsSnapshot snapshot) : ISettingsStore
    {
        public SettingsSnapshot Current { get; set; } = snapshot;
    }
}
