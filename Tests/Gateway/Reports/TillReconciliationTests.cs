using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.Reports;

/// <summary>End of day with several tills (SPEC §15): GetTransactions once per identity, each POS's list against the journal.</summary>
public sealed class TillReconciliationTests(TillsEmulatorFixture emulator) : IClassFixture<TillsEmulatorFixture>, IDisposable
{
    private readonly GatewayHarness _gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).Config("Gateway:TimeZone", "UTC").WithoutFloodLimits();

    public void Dispose() => _gateway.Dispose();

    [Fact]
    public async Task Reconcile_PaymentsOnTwoTillsAndTheStore_AsksEachIdentityOnce_EveryPaymentMatched()
    {
        var http = _gateway.CreateClient();
        var one = await http.PaidPaymentAsync(emulator, "1");
        var two = await http.PaidPaymentAsync(emulator, "2");
        var store = await http.PaidPaymentAsync(emulator, "store-till");
        var asked = emulator.Host.GetStats()[PosApi.GetTransactions];
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var report = await http.GetFromJsonAsync<JsonElement>($"/reports/reconciliation?date={today}");

        Assert.Equal(asked + 3, emulator.Host.GetStats()[PosApi.GetTransactions]);
        var mismatched = report.GetProperty("mismatches").EnumerateArray().Select(m => m.GetProperty("paymentId").GetString()).ToList();
        foreach (var id in new[] { one, two, store }.Select(p => p.GetProperty("id").GetString()))
        {
            Assert.DoesNotContain(id, mismatched);
        }
        Assert.True(report.GetProperty("matchedCount").GetInt32() >= 3, report.ToString());
    }
}
