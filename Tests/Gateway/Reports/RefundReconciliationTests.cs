using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.Reports;

/// <summary>
/// Refunds are reconciled by the day they were made (SPEC §11), through the whole gateway and the real emulator on one
/// fake clock: WebMoney's list of the day never holds last week's payment, yet today's refund of it is asked about.
/// The clock only moves when a test moves it, so the refund poller never gets there before the reconciliation.
/// </summary>
public sealed class RefundReconciliationTests : IClassFixture<FakeClockEmulatorFixture>, IDisposable
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    private readonly FakeClockEmulatorFixture _emulator;
    private readonly GatewayHarness _gateway;
    private HttpClient? _http;

    public RefundReconciliationTests(FakeClockEmulatorFixture emulator)
    {
        _emulator = emulator;
        _gateway = new GatewayHarness().UseEmulatorSettings(emulator).UseTime(emulator.Time)
            .Config("Gateway:TimeZone", "Europe/Moscow").RecheckFirstAfter(3600).WithoutFloodLimits();
    }

    private HttpClient Http => _http ??= _gateway.CreateClient();

    public void Dispose()
    {
        _emulator.Host.RefundsPending = false;
        _emulator.Host.ClearFaults();
        _gateway.Dispose();
    }

    [Fact]
    public async Task RefundMadeTodayOfLastWeeksPayment_CompletedAtWebMoney_IsRefundDiffersAndBecomesSucceeded()
    {
        var paymentId = await PaidLastWeekAsync("rec-refund-1", 1000m);
        var refund = await PendingRefundAsync(paymentId, 300m);
        await CompleteAtWebMoneyAsync(refund);

        var response = await Http.GetAsync($"/reports/reconciliation?date={Today()}");
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mismatch = Assert.Single(report.GetProperty("mismatches").EnumerateArray());
        Assert.Equal("refund_differs", mismatch.GetProperty("kind").GetString());
        Assert.Equal(paymentId, mismatch.GetProperty("paymentId").GetString());
        Assert.Equal(0m, mismatch.GetProperty("journal").GetProperty("refundedAmount").GetDecimal());
        Assert.Equal(JsonValueKind.Null, mismatch.GetProperty("webMoney").ValueKind);
        var side = mismatch.GetProperty("refund");
        Assert.Equal(refund.GetProperty("id").GetString(), side.GetProperty("refundId").GetString());
        Assert.Equal("pending", side.GetProperty("journalStatus").GetString());
        Assert.Equal("Completed", side.GetProperty("webMoneyStatus").GetString());
        Assert.Equal(300m, side.GetProperty("amount").GetDecimal());
        Assert.Equal("succeeded", (await Http.GetRefundAsync(refund.GetProperty("id").GetString()!)).GetProperty("status").GetString());
        var payment = await Http.GetPaymentAsync(paymentId);
        Assert.Equal(300m, payment.GetProperty("refundedAmount").GetDecimal());
        Assert.Equal(700m, payment.GetProperty("refundableAmount").GetDecimal());
    }

    [Fact]
    public async Task RefundMadeTodayStillPendingAtWebMoney_IsAskedAbout_NotListed_StaysPending()
    {
        var paymentId = await PaidLastWeekAsync("rec-refund-2", 500m);
        var refund = await PendingRefundAsync(paymentId, 100m);
        var statusCallsBefore = await _emulator.StatsAsync(PosApi.GetRefundStatus);

        var report = await Http.GetFromJsonAsync<JsonElement>($"/reports/reconciliation?date={Today()}");

        Assert.Equal(0, report.GetProperty("mismatches").GetArrayLength());
        Assert.Equal(statusCallsBefore + 1, await _emulator.StatsAsync(PosApi.GetRefundStatus));
        Assert.Equal("pending", (await Http.GetRefundAsync(refund.GetProperty("id").GetString()!)).GetProperty("status").GetString());
    }

    /// <summary>A payment paid at WebMoney and in the journal, then the clock moved on a week.</summary>
    private async Task<string> PaidLastWeekAsync(string terminalId, decimal amount)
    {
        var (id, transactionId) = await Http.CreatePaymentAsync(terminalId, amount);
        _emulator.Host.Pay(transactionId, out _);
        for (var i = 0; i < 100 && (await Http.GetPaymentAsync(id)).GetProperty("status").GetString() != "paid"; i++)
        {
            _emulator.Time.Advance(TimeSpan.FromSeconds(1)); // the poller asks WebMoney on this clock
            await Task.Delay(20);
        }
        Assert.Equal("paid", (await Http.GetPaymentAsync(id)).GetProperty("status").GetString());
        _emulator.Time.Advance(TimeSpan.FromDays(7));
        return id;
    }

    /// <summary>A refund WebMoney accepted and holds Pending (option refundsPending).</summary>
    private async Task<JsonElement> PendingRefundAsync(string paymentId, decimal amount)
    {
        _emulator.Host.RefundsPending = true;
        var (status, refund) = await Http.RefundAsync(paymentId, new { amount });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("pending", refund.GetProperty("status").GetString());
        return refund;
    }

    private async Task CompleteAtWebMoneyAsync(JsonElement refund) =>
        (await _emulator.Control.PostAsync($"/emulator/refunds/{refund.GetProperty("refundTransactionId").GetString()}/complete", null))
            .EnsureSuccessStatusCode();

    private string Today() => TimeZoneInfo.ConvertTime(_emulator.Time.GetUtcNow(), Moscow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
