using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Payments;
using Gateway.Settings;
using Gateway.Storage;
using Gateway.WebMoney;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using WebMoneyEmulator;

namespace Tests.Support;

/// <summary>
/// One real WebMoney emulator (SoapCore over HTTPS demanding the client certificate, ephemeral ports) shared by a
/// test class, with its bundle in a temp directory and its control API reached over HTTP as any tool would. It
/// runs on the system clock; <see cref="FakeClockEmulatorFixture"/> puts it on a <see cref="FakeTimeProvider"/>
/// shared with the WCF client it hands out (so signatures stay within ±5 min while a test moves time).
/// </summary>
public class EmulatorFixture : IAsyncLifetime
{
    private readonly TempDirectory _bundle = new("emulator-bundle");
    private WebMoneyClientFactory _clients = null!;

    public EmulatorFixture()
        : this(TimeProvider.System)
    {
    }

    protected EmulatorFixture(TimeProvider clock, bool withTills = false)
    {
        Clock = clock;
        WithTills = withTills;
    }

    /// <summary>The bundle has tills 1 and 2 with identities of their own (N101, N102: <c>--terminals 1,2</c>).</summary>
    public bool WithTills { get; }

    /// <summary>The emulator's clock (and the handed-out client's).</summary>
    public TimeProvider Clock { get; }

    public EmulatorHost Host { get; private set; } = null!;

    public HttpClient Control { get; private set; } = null!;

    public string BundleDirectory => _bundle.Path;

    /// <summary>The bundle's connection (client certificate, pinned server certificate, URLs).</summary>
    public WebMoneyConnection Connection { get; private set; } = null!;

    public WebMoneyActivity Activity { get; } = new();

    /// <summary>The gateway's WCF client over this emulator, on <see cref="Clock"/>.</summary>
    public IWebMoneyClient Client => _clients.GetClient(Connection);

    public async Task InitializeAsync()
    {
        CopyTemplateBundle(_bundle.Path, WithTills);
        Host = await EmulatorHost.StartAsync(new EmulatorHostOptions { BundleDirectory = _bundle.Path, TimeProvider = Clock });
        Connection = WebMoneyConnectionLoader.FromBundle(Host.Bundle);
        _clients = new WebMoneyClientFactory(Clock, Activity, NullLogger<WcfWebMoneyClient>.Instance);
        Control = new HttpClient { BaseAddress = Host.ControlUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Control.Dispose();
        _clients.Dispose();
        Connection.ClientCertificate.Dispose();
        Connection.PinnedServerCertificate?.Dispose();
        await Host.DisposeAsync();
        _bundle.Dispose();
    }

    /// <summary>A client with its own clock, certificates or settings, over the same emulator.</summary>
    public IWebMoneyClient ClientFor(WebMoneyConnection connection, TimeProvider? time = null) =>
        new WebMoneyClientFactory(time ?? Clock, new WebMoneyActivity(), NullLogger<WcfWebMoneyClient>.Instance).GetClient(connection);

    public async Task<int> StatsAsync(string operation) =>
        (await Control.GetFromJsonAsync<Dictionary<string, int>>("/emulator/stats"))![operation];

    /// <summary>The emulator's transaction for a gateway payment (ExternalId = payment id).</summary>
    public async Task<JsonElement?> TransactionOfAsync(string paymentId)
    {
        var all = await Control.GetFromJsonAsync<JsonElement>("/emulator/transactions");
        foreach (var t in all.EnumerateArray())
        {
            if (t.GetProperty("externalId").GetString() == paymentId)
            {
                return t;
            }
        }
        return null;
    }

    public async Task ActAsync(string transactionId, string action) =>
        (await Control.PostAsync($"/emulator/transactions/{transactionId}/{action}", null)).EnsureSuccessStatusCode();

    public Task FaultAsync(string operation, string kind, int count) =>
        Control.PostAsJsonAsync("/emulator/faults", new { operation, kind, count });

    /// <summary>A settings snapshot built straight from the bundle (with the TimeoutSeconds a test wants).</summary>
    public ISettingsStore SettingsStore(int timeoutSeconds = 180, int maxStatusErrors = 3)
    {
        var connection = WebMoneyConnectionLoader.FromBundle(Host.Bundle);
        var settings = connection.Settings with { TimeoutSeconds = timeoutSeconds, MaxStatusErrors = maxStatusErrors };
        return new StaticSettingsStore(new SettingsSnapshot
        {
            Settings = settings,
            Connection = connection with { Settings = settings },
            PaymentTypes = new PaymentTypeMap(Host.Bundle.PaymentTypeCodes.ToDictionary(kv => Enum.Parse<PaymentSystem>(kv.Key, true), kv => kv.Value)),
        });
    }

    // Generating RSA keys is the slow part of a start: every fixture gets a copy of one bundle written once per run.
    private static readonly Lazy<string> Template = new(() =>
    {
        var template = Path.Combine(Path.GetTempPath(), "wm-emulator-template-" + Guid.NewGuid().ToString("N"));
        EmulatorCommandLine.RunAsync(["--init", template, "--terminals", "1,2"], TextWriter.Null, TextWriter.Null).GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(template, recursive: true);
        return template;
    });

    private static void CopyTemplateBundle(string target, bool withTills)
    {
        foreach (var file in Directory.GetFiles(Template.Value))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }

        if (withTills)
        {
            CopyFolder(Path.Combine(Template.Value, "terminals"), Path.Combine(target, "terminals"));
        }
    }

    /// <summary>Copies a folder with everything under it (a till's folder, the terminals tree).</summary>
    public static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }

        foreach (var folder in Directory.GetDirectories(source))
        {
            CopyFolder(folder, Path.Combine(target, Path.GetFileName(folder)));
        }
    }

    /// <summary>Till <paramref name="terminalId"/>'s own connection: its PosNumber and certificate, the store's other settings.</summary>
    public WebMoneyConnection TillConnection(string terminalId)
    {
        var till = Host.Bundle.Terminals.Single(t => t.TerminalId == terminalId);
        return Connection with
        {
            Settings = Connection.Settings with { PosNumber = till.PosNumber, CertificatePassword = till.CertificatePassword },
            ClientCertificate = till.LoadClientCertificate(),
        };
    }

    private sealed class StaticSettingsStore(SettingsSnapshot snapshot) : ISettingsStore
    {
        public SettingsSnapshot Current => snapshot;
    }
}

/// <summary>The emulator on a <see cref="FakeTimeProvider"/> (<see cref="Time"/>) that the test moves.</summary>
public sealed class FakeClockEmulatorFixture() : EmulatorFixture(new FakeTimeProvider(TimeProvider.System.GetUtcNow()))
{
    public FakeTimeProvider Time => (FakeTimeProvider)Clock;
}

/// <summary>The emulator with two tills of their own (terminals 1 and 2 as N101 and N102, SPEC §15), on the system clock.</summary>
public sealed class TillsEmulatorFixture() : EmulatorFixture(TimeProvider.System, withTills: true);
