using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tests.Support;

namespace Tests.Gateway.Reports;

/// <summary>
/// A refund made through POST /payments/{id}/refunds (real emulator, real time) is in GET /reports/daily on the local
/// day it succeeded, and the reconciliation still agrees with WebMoney (whose transaction now carries the refund).
/// </summary>
public sealed class RefundInDailyReportTests(EmulatorFixture emulator) : ReconciliationScenario(emulator), IClassFixture<EmulatorFixture>
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    [Fact]
    public async Task RefundThroughTheApi_CountedOnTheDayItSucceeded_AndWebMoneyAgrees()
    {
        var (id, _) = await CreateAsync("rep-refund", 1500m);
        await Emulator.ActAsync(await TransactionOfAsync(id), "pay");
        Assert.Equal("paid", (await Http.WaitPaymentFinalAsync(id)).GetProperty("status").GetString());

        var response = await Http.PostAsync($"/payments/{id}/refunds", new StringContent(
            JsonSerializer.Serialize(new { amount = 400.40m, reason = "Возврат товара" }), Encoding.UTF8, "application/json"));
        var refund = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("succeeded", refund.GetProperty("status").GetString());
        var day = TimeZoneInfo.ConvertTime(refund.GetProperty("completedAt").GetDateTimeOffset(), Moscow);
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var report = await Http.GetFromJsonAsync<JsonElement>($"/reports/daily?date={date}");
        var sbp = report.GetProperty("totals").EnumerateArray().Single(t => t.GetProperty("paymentSystem").GetString() == "sbp");
        var terminal = Assert.Single(report.GetProperty("byTerminal").EnumerateArray());
        var dayBefore = await Http.GetFromJsonAsync<JsonElement>($"/reports/daily?date={day.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");

        Assert.Equal(1, sbp.GetProperty("refundedCount").GetInt32());
        Assert.Equal(400.40m, sbp.GetProperty("refundedAmount").GetDecimal());
        Assert.Equal("rep-refund", terminal.GetProperty("terminalId").GetString());
        Assert.Equal(400.40m, terminal.GetProperty("totals")[0].GetProperty("refundedAmount").GetDecimal());
        Assert.All(dayBefore.GetProperty("totals").EnumerateArray(), t => Assert.Equal(0, t.GetProperty("refundedCount").GetInt32()));
        // The payment completed moments before the refund: the same local day, unless the test straddles midnight.
        var paidDay = TimeZoneInfo.ConvertTime((await Http.GetFromJsonAsync<JsonElement>($"/payments/{id}")).GetProperty("completedAt").GetDateTimeOffset(), Moscow);
        if (paidDay.Date == day.Date)
        {
            Assert.Equal(1, sbp.GetProperty("paidCount").GetInt32());
            Assert.Equal(1099.60m, sbp.GetProperty("netAmount").GetDecimal());

            var reconciliation = await Http.GetFromJsonAsync<JsonElement>($"/reports/reconciliation?date={date}");
            Assert.True(1 == reconciliation.GetProperty("matchedCount").GetInt32(), reconciliation.ToString());
            Assert.Equal(0, reconciliation.GetProperty("mismatches").GetArrayLength());
        }
    }
}
