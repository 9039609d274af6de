using System.Net.Http.Json;
using Gateway.Journal;
using Gateway.Payments;
using Gateway.Settings;
using Gateway.Storage;
using Gateway.WebMoney;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tests.Gateway.Payments;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Reliability;

/// <summary>
/// P2 for the cancel: the gateway crashes after CancelPayment reached WebMoney but before its answer was stored.
/// The crash is the journal file as it was at that moment (a SQLite backup taken while the cancel's answer is
/// held back by a relay); a second gateway resumes from it against the same WebMoney.
/// </summary>
public sealed class CancelCrashTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task CrashAfterTheCancelReachedWebMoney_ResumedPaymentEndsCancelled_NotDeclined()
    {
        emulator.Host.ClearFaults();
        await using var proxy = new HoldingProxy(emulator.Host.SoapUrl);
        var bundle = emulator.Host.Bundle with { ServerAddress = $"https://127.0.0.1:{proxy.Port}" };
        var connection = WebMoneyConnectionLoader.FromBundle(bundle);
        var settings = connection.Settings with { TimeoutSeconds = 180, MaxStatusErrors = 3 };
        var proxied = new GatewayHarness.SwitchableSettings(new SettingsSnapshot
        {
            Settings = settings,
            Connection = connection with { Settings = settings },
            PaymentTypes = new PaymentTypeMap(bundle.PaymentTypeCodes.ToDictionary(kv => Enum.Parse<PaymentSystem>(kv.Key, true), kv => kv.Value)),
        });
        using var first = new GatewayHarness().UseEmulator(emulator)
            .Config("Gateway:PollIntervalSeconds", "60").Config("Gateway:CancelTimeoutSeconds", "30")
            .WithServices(s =>
            {
                s.RemoveAll<ISettingsStore>();
                s.AddSingleton<ISettingsStore>(proxied);
            });
        var http = first.CreateClient();
        var id = (await (await http.PostAsJsonAsync("/payments", new { amount = 12m, paymentTypeCode = 5, terminalId = "CC-crash" }))
            .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;

        proxy.HoldAnswers = true;
        var cancel = http.PostAsync($"/payments/{id}/cancel", null);
        Assert.True(await Eventually.TrueAsync(async () => await emulator.StatusAtWebMoneyAsync(id) == WireStatus.Cancelled, TimeSpan.FromSeconds(20)));
        using var crashed = new TempDirectory("cancel-crash");
        using (var source = new SqliteConnection($"Data Source={first.Data.File(JournalSetup.FileName)}"))
        using (var image = new SqliteConnection($"Data Source={crashed.File(JournalSetup.FileName)};Pooling=False"))
        {
            source.Open();
            source.BackupDatabase(image);
        }
        SqliteConnection.ClearAllPools();
        using (var journal = new PaymentJournal(crashed.File(JournalSetup.FileName)))
        {
            var journalled = (await journal.GetAsync(id, CancellationToken.None))!;
            Assert.Equal(PaymentStatus.Pending, journalled.Payment.Status);
            Assert.Equal(EndReason.Cashier, journalled.State.CancelRequested);
        }
        using var second = new GatewayHarness().UseEmulatorSettings(emulator).RecheckFirstAfter(600).Config("Gateway:DataDirectory", crashed.Path).Observe(out var events).Start();

        var resumed = await events.FinalAsync(id, seconds: 30);
        proxy.HoldAnswers = false;
        await cancel.WaitAsync(TimeSpan.FromSeconds(60)).ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.Equal(PaymentStatus.Cancelled, resumed.Status);
        Assert.Equal(PaymentErrorCodes.CancelledByCashier, resumed.Error!.Code);
        Assert.False(resumed.Unresolved);
    }
}
