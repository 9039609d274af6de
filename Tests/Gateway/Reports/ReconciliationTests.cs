using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gateway.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.Reports;

/// <summary>
/// GET /reports/reconciliation on the whole gateway against the real emulator (mutual TLS, signed GetTransactions).
/// Each scenario has an emulator of its own: its transactions of the day are exactly the scenario's.
/// </summary>
public abstract class ReconciliationScenario(EmulatorFixture emulator) : IDisposable
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    protected EmulatorFixture Emulator { get; } = emulator;

    protected GatewayHarness Factory { get; } = new GatewayHarness().UseEmulatorSettings(emulator)
        .Config("Gateway:TimeZone", "Europe/Moscow")
        // Background rechecks stay out of the way: only the reconciliation may find the late payment here.
        .RecheckFirstAfter(3600);

    public void Dispose()
    {
        Factory.Dispose();
        GC.SuppressFinalize(this);
    }

    protected HttpClient Http => _http ??= Factory.CreateClient();
    private HttpClient? _http;

    protected async Task<(string Id, string Date)> CreateAsync(string terminal, decimal amount = 1234.50m)
    {
        var payment = await Http.PostPaymentAsync(terminal, amount);
        var createdAt = payment.GetProperty("createdAt").GetDateTimeOffset();
        return (payment.GetProperty("id").GetString()!, TimeZoneInfo.ConvertTime(createdAt, Moscow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    protected async Task<string> TransactionOfAsync(string id) =>
        (await Emulator.TransactionOfAsync(id))!.Value.GetProperty("transactionId").GetString()!;

    /// <summary>Four HTTP 500s on the status polls end it technical_errors; its cancel never reaches WebMoney; then the customer pays.</summary>
    protected async Task<string> FailedThenPaidAtWebMoneyAsync(string terminal)
    {
        await Emulator.FaultAsync(PosApi.CancelPayment, "http500", 50);
        await Emulator.FaultAsync(PosApi.GetPaymentStatus, "http500", 4);
        var (id, _) = await CreateAsync(terminal);
        var failed = await Http.WaitPaymentFinalAsync(id);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("technical_errors", failed.GetProperty("error").GetProperty("code").GetString());
        // The ending sends a cancel at once and asks for the status (SPEC §4): pay only after that answer, so the
        // journal keeps the payment failed and only WebMoney knows it paid.
        await Http.WaitForWaitingAnswersAsync(id, 1);
        await Emulator.ActAsync(await TransactionOfAsync(id), "pay");
        return id;
    }

}

public sealed class ReconciliationAgreeTests(EmulatorFixture emulator) : ReconciliationScenario(emulator), IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Reconciliation_EmulatorAndJournalAgree_NoMismatch()
    {
        var (paid, date) = await CreateAsync("R-agree-1", 100.10m);
        await Emulator.ActAsync(await TransactionOfAsync(paid), "pay");
        Assert.Equal("paid", (await Http.WaitPaymentFinalAsync(paid)).GetProperty("status").GetString());
        var (cancelled, _) = await CreateAsync("R-agree-2", 200.20m);
        var cancel = await Http.PostAsync($"/payments/{cancelled}/cancel", null);
        Assert.Equal("cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var response = await Http.GetAsync($"/reports/reconciliation?date={date}");
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(date, report.GetProperty("date").GetString());
        Assert.Equal(2, report.GetProperty("matchedCount").GetInt32());
        Assert.Equal(0, report.GetProperty("mismatches").GetArrayLength());
        Assert.Equal(1, await Emulator.StatsAsync(PosApi.GetTransactions));
    }
}

public sealed class ReconciliationLatePaidTests(EmulatorFixture emulator) : ReconciliationScenario(emulator), IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Reconciliation_EmulatorPaidWhatTheJournalHoldsAsFailed_StatusDiffersAndThePaymentBecomesLatePaid()
    {
        var id = await FailedThenPaidAtWebMoneyAsync("R-late");
        var date = (await CreateAsync("R-late-2")).Date; // a second, still pending: left to the poller
        var transactionId = await TransactionOfAsync(id);

        var report = await Http.GetFromJsonAsync<JsonElement>($"/reports/reconciliation?date={date}");
        var payment = await Http.GetFromJsonAsync<JsonElement>($"/payments/{id}");
        var attention = await Http.GetFromJsonAsync<JsonElement>("/payments?attention=true");
        var again = await Http.GetFromJsonAsync<JsonElement>($"/reports/reconciliation?date={date}");

        var mismatch = Assert.Single(report.GetProperty("mismatches").EnumerateArray());
        Assert.Equal("status_differs", mismatch.GetProperty("kind").GetString());
        Assert.Equal(transactionId, mismatch.GetProperty("transactionId").GetString());
        Assert.Equal(id, mismatch.GetProperty("paymentId").GetString());
        Assert.Equal("failed", mismatch.GetProperty("journal").GetProperty("status").GetString());
        Assert.False(mismatch.GetProperty("journal").GetProperty("latePaid").GetBoolean());
        Assert.Equal("Paid", mismatch.GetProperty("webMoney").GetProperty("status").GetString());
        Assert.Equal(0, report.GetProperty("matchedCount").GetInt32());
        Assert.True(payment.GetProperty("latePaid").GetBoolean());
        Assert.False(payment.GetProperty("unresolved").GetBoolean());
        Assert.Contains(attention.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetString() == id);
        Assert.Contains(Factory.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("LATE PAID", StringComparison.Ordinal)
            && r.Message.Contains(id, StringComparison.Ordinal));
        Assert.Equal(1, again.GetProperty("matchedCount").GetInt32());
        Assert.Equal(0, again.GetProperty("mismatches").GetArrayLength());
    }
}

public sealed class ReconciliationFaultTests(EmulatorFixture emulator) : ReconciliationScenario(emulator), IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Reconciliation_TechnicalErrorOnGetTransactions_502WebMoneyUnavailable_NothingChanged()
    {
        var id = await FailedThenPaidAtWebMoneyAsync("R-fault");
        var date = (await CreateAsync("R-fault-2")).Date;
        var before = await Http.GetFromJsonAsync<JsonElement>($"/payments/{id}");
        await Emulator.FaultAsync(PosApi.GetTransactions, "http500", 1);

        var response = await Http.GetAsync($"/reports/reconciliation?date={date}");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var after = await Http.GetFromJsonAsync<JsonElement>($"/payments/{id}");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("webmoney_unavailable", problem.GetProperty("code").GetString());
        Assert.Equal(before.ToString(), after.ToString());
        Assert.False(after.GetProperty("latePaid").GetBoolean());
        Assert.Equal(1, await Emulator.StatsAsync(PosApi.GetTransactions));
    }
}
