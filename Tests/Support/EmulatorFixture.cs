using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Payments;
using Gateway.Settings;
using Gateway.WebMoney;
using WebMoneyEmulator;

namespace Tests.Support;

/// <summary>
/// One real WebMoney emulator (SoapCore over HTTPS demanding the client certificate) shared by a test class,
/// with its control API reached over HTTP as any tool would.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private readonly TempDirectory _bundle = new("emulator-bundle");

    public EmulatorHost Host { get; private set; } = null!;
    public HttpClient Control { get; } = new();
    public string BundleDirectory => _bundle.Path;

    public async Task InitializeAsync()
    {
        Host = await EmulatorHost.StartAsync(new EmulatorHostOptions { BundleDirectory = _bundle.Path });
        Control.BaseAddress = Host.ControlUrl;
    }

    public async Task DisposeAsync()
    {
        Control.Dispose();
        await Host.DisposeAsync();
        _bundle.Dispose();
    }

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

    private sealed class StaticSettingsStore(SettingsSnapshot snapshot) : ISettingsStore
    {
        public SettingsSnapshot Current => snapshot;
    }
}
