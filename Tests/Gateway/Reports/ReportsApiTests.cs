using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Journal;
using Gateway.Payments;
using Gateway.Reports;
using Gateway.Storage;
using Microsoft.Extensions.DependencyInjection;
using Tests.Support;

namespace Tests.Gateway.Reports;

/// <summary>The /reports endpoints through HTTP on the whole gateway (journal seeded through its own API).</summary>
public sealed class ReportsApiTests : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private readonly GatewayHarness _factory = new GatewayHarness().UseScriptedWebMoney().Config("Gateway:TimeZone", "Europe/Moscow");
    private readonly HttpClient _http;

    public ReportsApiTests() => _http = _factory.CreateClient();

    public void Dispose() => _factory.Dispose();

    private PaymentJournal Journal => _factory.Services.GetRequiredService<PaymentJournal>();

    [Fact]
    public async Task Csv_ParsedBack_EqualsTheJson()
    {
        var msk = TimeSpan.FromHours(3);
        var day = new DateTimeOffset(2026, 11, 20, 10, 0, 0, msk);
        var a = await ReportSeed.EndedAsync(Journal, "1", PaymentSystem.Sbp, 1234.50m, day);
        await ReportSeed.EndedAsync(Journal, "1", PaymentSystem.Sbp, 0.10m, day.AddHours(1));
        await ReportSeed.EndedAsync(Journal, "1", PaymentSystem.Alipay, 0.20m, day.AddHours(2));
        await ReportSeed.EndedAsync(Journal, "kassa-2", PaymentSystem.WeChat, 99999.99m, day.AddHours(13).AddMinutes(59)); // 23:59
        await ReportSeed.EndedAsync(Journal, "kassa-2", PaymentSystem.WeChat, 1.00m, day.AddHours(14)); // next day
        ReportSeed.Refund(Journal, a.Id, 34.50m, "succeeded", day.AddHours(3), day.AddHours(4));

        var json = await _http.GetFromJsonAsync<DailyReportResponse>("/reports/daily?date=2026-11-20", Json);
        var csv = await _http.GetAsync("/reports/daily.csv?date=2026-11-20");
        var bytes = await csv.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("daily-2026-11-20.csv", csv.Content.Headers.ContentDisposition.FileName?.Trim('"'));
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(';')).ToList();
        Assert.Equal(DailyReportCsv.Header, lines[0]);
        var expectedRows = json!.ByTerminal.SelectMany(t => t.Totals.Select(s => (t.TerminalId, (PaymentSystem?)s.PaymentSystem, Numbers(s))))
            .Append((DailyReportCsv.TotalLabel, null, Numbers(Sum(json.Totals))))
            .ToList();
        var parsedRows = lines.Skip(1).Select(f =>
        {
            Assert.Equal("2026-11-20", f[0]);
            return (f[1], SystemOfTitle(f[2]), (int.Parse(f[3], CultureInfo.InvariantCulture), Rubles(f[4]), int.Parse(f[5], CultureInfo.InvariantCulture), Rubles(f[6]), Rubles(f[7])));
        }).ToList();
        Assert.Equal(expectedRows, parsedRows);
        Assert.Equal(4, expectedRows.Count); // 1/sbp, 1/alipay, kassa-2/weChat, total
        Assert.Contains(";99999,99;", Encoding.UTF8.GetString(bytes));
        Assert.Equal(1234.60m - 34.50m + 0.20m + 99999.99m, Sum(json.Totals).NetAmount);
    }

    [Theory]
    [InlineData("/reports/daily", "date")]
    [InlineData("/reports/daily?date=28.11.2026", "date")]
    [InlineData("/reports/daily?date=2026-02-30", "date")]
    [InlineData("/reports/daily.csv?date=yesterday", "date")]
    [InlineData("/reports/reconciliation?date=2026-1-5", "date")]
    [InlineData("/reports/daily?date=2026-11-28&terminalId=%D0%BA%D0%B0%D1%81%D1%81%D0%B0", "terminalId")]
    [InlineData("/reports/daily.csv?date=2026-11-28&terminalId=a;b", "terminalId")]
    public async Task BadInput_400ValidationFailedNamingTheField(string url, string field)
    {
        var response = await _http.GetAsync(url);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, _factory.Scripted!.CountOf(global::WebMoneyContract.PosApi.GetTransactions));
    }

    [Theory]
    [InlineData("Europe/Moscow", "9999-12-31")]
    [InlineData("Europe/Moscow", "0001-01-01")]
    [InlineData("Pacific/Kiritimati", "0001-01-01")]
    [InlineData("Pacific/Kiritimati", "9999-12-31")]
    [InlineData("America/Adak", "0001-01-01")]
    [InlineData("America/Adak", "9999-12-31")]
    [InlineData("Etc/GMT+12", "9999-12-31")]
    public async Task DayOutOfRange_400ValidationFailedNamingDate_OnEveryReport(string zone, string date)
    {
        using var factory = new GatewayHarness().UseScriptedWebMoney().Config("Gateway:TimeZone", zone);
        var http = factory.CreateClient();

        foreach (var path in new[] { "/reports/daily", "/reports/daily.csv", "/reports/reconciliation" })
        {
            var response = await http.GetAsync($"{path}?date={date}");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
            Assert.Contains("0001-01-02", problem.GetProperty("errors").GetProperty("date")[0].GetString());
        }
        Assert.Equal(0, factory.Scripted!.CountOf(global::WebMoneyContract.PosApi.GetTransactions));
    }

    [Theory]
    [InlineData("Pacific/Kiritimati", "0001-01-02")]
    [InlineData("America/Adak", "9999-12-30")]
    public async Task DayAtTheEdgeOfTheRange_Answered(string zone, string date)
    {
        using var factory = new GatewayHarness().UseScriptedWebMoney().Config("Gateway:TimeZone", zone);

        var report = await factory.CreateClient().GetFromJsonAsync<DailyReportResponse>($"/reports/daily?date={date}", Json);

        Assert.Equal(date, report!.Date);
    }

    [Fact]
    public async Task Reconciliation_SettingsUnusable_503NotConfigured_WebMoneyNotAsked()
    {
        _factory.FixedSettings!.Current = new global::Gateway.Settings.SettingsSnapshot { Problem = "WebMoneySettings.txt не найден / not found" };

        var response = await _http.GetAsync("/reports/reconciliation?date=2026-11-28");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("not_configured", problem.GetProperty("code").GetString());
        Assert.Equal(0, _factory.Scripted!.CountOf(global::WebMoneyContract.PosApi.GetTransactions));
    }

    [Fact]
    public async Task Reconciliation_WebMoneyRefuses_502WebMoneyRejectedWithItsMessage()
    {
        _factory.Scripted!.TransactionLists.Enqueue(new global::Gateway.WebMoney.WebMoneyOutcome<global::Gateway.WebMoney.TransactionList>.Refusal(20, "Неверный период"));

        var response = await _http.GetAsync("/reports/reconciliation?date=2026-11-28");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("webmoney_rejected", problem.GetProperty("code").GetString());
        Assert.Contains("Неверный период", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public void UnknownTimeZone_FailsTheStart_NamingTheKey()
    {
        using var factory = new GatewayHarness().UseScriptedWebMoney().Config("Gateway:TimeZone", "Mars/Olympus_Mons");

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains("Gateway:TimeZone", error.ToString());
        Assert.Contains("Mars/Olympus_Mons", error.ToString());
    }

    [Theory]
    [InlineData("Russian Standard Time")]
    [InlineData("Europe/Moscow")]
    public async Task TimeZone_IanaOrWindowsId_Accepted(string id)
    {
        using var factory = new GatewayHarness().UseScriptedWebMoney().Config("Gateway:TimeZone", id);

        var report = await factory.CreateClient().GetFromJsonAsync<DailyReportResponse>("/reports/daily?date=2026-11-28", Json);

        Assert.Equal(id, report!.TimeZone);
        Assert.Equal(4, report.Totals.Count);
    }

    [Fact]
    public async Task ApiKeySet_ReportsRequireIt()
    {
        using var factory = new GatewayHarness().UseScriptedWebMoney().Config("Gateway:ApiKey", "s3cret-key");
        var http = factory.CreateClient();

        var without = await http.GetAsync("/reports/daily?date=2026-11-28");
        http.DefaultRequestHeaders.Add("X-Api-Key", "s3cret-key");
        var with = await http.GetAsync("/reports/daily.csv?date=2026-11-28");

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
    }

    [Fact]
    public async Task Swagger_DocumentsTheReports_AndTheirExamplesReadAsTheResponses()
    {
        var doc = await _http.GetStringAsync("/swagger/v1/swagger.json");
        var daily = ReportExamples.Daily.Deserialize<DailyReportResponse>(Json)!;
        var reconciliation = ReportExamples.Reconciliation.Deserialize<ReconciliationResponse>(Json)!;

        foreach (var text in new[] { "\"/reports/daily\"", "\"/reports/daily.csv\"", "\"/reports/reconciliation\"", "GetReconciliation", "webmoney_unavailable", "status_differs" })
        {
            Assert.Contains(text, doc);
        }
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(JsonSerializer.SerializeToNode(daily, Json), ReportExamples.Daily));
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(JsonSerializer.SerializeToNode(reconciliation, Json), ReportExamples.Reconciliation));
        Assert.Equal(daily.Totals.Sum(t => t.NetAmount), daily.ByTerminal.SelectMany(t => t.Totals).Sum(t => t.NetAmount));
    }

    private static SystemTotals Sum(IReadOnlyList<SystemTotals> totals) => new(default, totals.Sum(t => t.PaidCount), totals.Sum(t => t.PaidAmount),
        totals.Sum(t => t.RefundedCount), totals.Sum(t => t.RefundedAmount), totals.Sum(t => t.NetAmount));

    private static (int, decimal, int, decimal, decimal) Numbers(SystemTotals t) => (t.PaidCount, t.PaidAmount, t.RefundedCount, t.RefundedAmount, t.NetAmount);

    private static decimal Rubles(string text)
    {
        Assert.Matches(@"^-?\d+,\d\d$", text);
        return decimal.Parse(text, NumberStyles.Number, new NumberFormatInfo { NumberDecimalSeparator = "," });
    }

    private static PaymentSystem? SystemOfTitle(string title) =>
        title.Length == 0 ? null : Enum.GetValues<PaymentSystem>().Single(s => s.Title() == title);
}
