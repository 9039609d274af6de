using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Payments;
using Gateway.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tests.Reliability;
using Tests.Support;

namespace Tests.Gateway.Payments;

/// <summary>
/// The whole gateway (in memory) against the real emulator, with the few knobs the lifecycle tests turn, its
/// announcements recorded, and its settings switchable mid-test (a snapshot that breaks, a mapping that goes).
/// </summary>
internal sealed class EmulatorGateway : IDisposable
{
    public EmulatorGateway(EmulatorFixture emulator, int timeoutSeconds = 180, int maxStatusErrors = 3, double pollSeconds = 0.05,
        double recheckFirstSeconds = 600, TempDirectory? data = null, params (string Key, string Value)[] config)
    {
        Emulator = emulator;
        Settings = new SwitchableSettings(emulator.SettingsStore(timeoutSeconds, maxStatusErrors).Current);
        Factory = new GatewayHarness().UseSettingsDirectory(emulator.BundleDirectory)
            .Config("Gateway:PollIntervalSeconds", pollSeconds.ToString(CultureInfo.InvariantCulture))
            .Config("Gateway:RecheckFirstIntervalSeconds", recheckFirstSeconds.ToString(CultureInfo.InvariantCulture))
            .WithServices(s =>
            {
                s.RemoveAll<ISettingsStore>();
                s.AddSingleton<ISettingsStore>(Settings);
                s.AddSingleton<IPaymentObserver>(Events);
            });
        if (data is not null)
        {
            Factory.Config("Gateway:DataDirectory", data.Path);
        }
        foreach (var (key, value) in config)
        {
            Factory.Config(key, value);
        }
        Http = Factory.CreateClient();
        Http.Timeout = TimeSpan.FromMinutes(3);
    }

    public EmulatorFixture Emulator { get; }
    public GatewayHarness Factory { get; }
    public HttpClient Http { get; }
    public PaymentEvents Events { get; } = new();
    public SwitchableSettings Settings { get; }

    /// <summary>Creates a payment (201 expected) and returns its id and WebMoney's transaction id.</summary>
    public async Task<(string Id, string TransactionId)> CreateAsync(string terminal, decimal amount = 100m)
    {
        var response = await Http.PostAsJsonAsync("/payments", new { amount, paymentTypeCode = 5, terminalId = terminal });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body.ToString());
        return (body.GetProperty("id").GetString()!, body.GetProperty("transactionId").GetString()!);
    }

    public Task<Payment> FinalAsync(string id, int seconds = 60) => Events.WaitForAsync(p => p.Id == id && p.IsFinal, TimeSpan.FromSeconds(seconds));

    public async Task<JsonElement> CancelAsync(string id)
    {
        var response = await Http.PostAsync($"/payments/{id}/cancel", null);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<string?> StatusAtWebMoneyAsync(string id) =>
        (await Emulator.TransactionOfAsync(id))?.GetProperty("status").GetString();

    public void Dispose() => Factory.Dispose();

    public sealed class SwitchableSettings(SettingsSnapshot snapshot) : ISettingsStore
    {
        public SettingsSnapshot Current { get; set; } = snapshot;
    }
}
