using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OpenQA.Selenium;
using Tests.Gateway.Display;
using Tests.Support;

namespace Tests.Gateway.Admin;

/// <summary>
/// «Итоги дня» (SPEC §11, §12) in real Chromium over the real gateway and an emulator of its own: its transactions
/// of the day are exactly this test's, so the reconciliation's "everything agrees" is meaningful.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class AdminDayPageTests(ChromiumFixture browser, EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    private readonly AdminPage _page = new(browser);

    [Fact]
    public async Task OnePaidPaymentWithARefund_TotalsShowIt_CsvLinkServesTheDay_ReconciliationSaysEverythingAgrees()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).Config("Gateway:TimeZone", "Europe/Moscow").RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();
        var paid = await api.PaidPaymentAsync(emulator, "day-1", 990.50m);
        var id = paid.GetProperty("id").GetString()!;
        var (refund, _) = await api.RefundAsync(id, new { amount = 90.25m });
        Assert.Equal(System.Net.HttpStatusCode.Created, refund);
        var date = TimeZoneInfo.ConvertTime(paid.GetProperty("completedAt").GetDateTimeOffset(), Moscow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        _page.Open(gateway, "day");
        ((IJavaScriptExecutor)_page.Driver).ExecuteScript("document.getElementById('d-date').value = arguments[0]", date);
        _page.Button("Показать").Click();
        _page.WaitText("day-result", t => t.Contains($"Итоги за {date}", StringComparison.Ordinal), "the day's totals");

        Assert.Contains($"Итоги за {date} (часовой пояс Europe/Moscow)", _page.Text("day-result"));
        var sbp = _page.Driver.FindElements(By.CssSelector("#day-result table"))[0]
            .FindElements(By.CssSelector("tbody tr")).Single(r => r.FindElements(By.TagName("td"))[0].Text == "СБП")
            .FindElements(By.TagName("td")).Select(c => c.Text).ToList();
        Assert.Equal("1", sbp[1]);
        Assert.StartsWith("990,50", sbp[2]);
        Assert.Equal("1", sbp[3]);
        Assert.StartsWith("90,25", sbp[4]);
        Assert.StartsWith("900,25", sbp[5]);
        Assert.Contains("Касса day-1", _page.Text("day-result"));

        var link = _page.Driver.FindElement(By.XPath("//a[normalize-space(.)='Скачать CSV']"));
        Assert.Equal($"daily-{date}.csv", link.GetDomAttribute("download"));
        var href = link.GetDomProperty("href")!;
        Assert.EndsWith($"/reports/daily.csv?date={date}", href);
        var csv = await api.GetAsync(new Uri(href));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.Contains($"{date};day-1;СБП (Система быстрых платежей);1;990,50;1;90,25;900,25\r\n", text);

        _page.Button("Сверить с WebMoney").Click();
        var reconciliation = _page.WaitText("reconciliation-result", t => t.StartsWith("Сверка за", StringComparison.Ordinal), "the reconciliation");

        Assert.Contains("всё сходится", reconciliation);
        Assert.Contains("совпало операций: 1", reconciliation);
        Assert.Contains("расхождений нет", reconciliation);
        Assert.Contains("good", _page.Driver.FindElement(By.CssSelector("#reconciliation-result p")).GetDomAttribute("class"));
        _page.Screenshot("admin-7-day");
    }

    [Fact]
    public void DayPage_OpensOnTodayInTheGatewaysTimeZone_NotTheBrowsers()
    {
        // A zone whose date differs from UTC's (the browser's here) right now: +14 h from 10:00 UTC, −11 h before 11:00.
        var now = TimeProvider.System.GetUtcNow();
        var zone = now.Hour >= 10 ? "Pacific/Kiritimati" : "Pacific/Pago_Pago";
        var today = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(zone)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.NotEqual(now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), today);
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).Config("Gateway:TimeZone", zone).ListenOn();

        _page.Open(gateway, "day");

        browser.WaitUntil(d => d.FindElement(By.Id("d-date")).GetDomProperty("value") == today, $"the date field on {today} ({zone})");
        Assert.EndsWith($"/reports/daily.csv?date={today}", _page.Driver.FindElement(By.Id("day-csv")).GetDomProperty("href"));
    }
}
