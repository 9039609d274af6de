using Gateway;
using Gateway.Journal;
using Gateway.Payments;
using Gateway.Reports;
using Gateway.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.Reports;

/// <summary>The daily totals over a real journal, payments driven through the real lifecycle on fake time.</summary>
public sealed class DailyReportsTests : IDisposable
{
    // UTC+10 all year: local midnight of 2026-11-29 is 2026-11-28T14:00Z.
    private const string Zone = "Asia/Vladivostok";
    private static readonly DateOnly Day28 = new(2026, 11, 28);
    private static readonly DateOnly Day29 = new(2026, 11, 29);

    private readonly PaymentsHarness _harness = new(time: new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 13, 50, 0, TimeSpan.Zero)));
    private readonly DailyReports _reports;
    private readonly ReportTimeZone _zone;

    public DailyReportsTests()
    {
        _zone = new ReportTimeZone(Options.Create(new GatewayOptions { TimeZone = Zone }), _harness.Time);
        _reports = new DailyReports(new JournalReports(_harness.Journal.DatabasePath), _zone, _harness.Settings);
    }

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Totals_SeveralSystemsAndTerminalsAcrossLocalMidnight_EachPaymentOnTheDayItCompleted()
    {
        await PayAsync(100.10m, "T1", code: 5);                        // sbp, 23:50 local
        await PayAsync(200.20m, "T2", code: 7);                        // weChat
        await EndAsync(300.30m, "T1", code: 8, WireStatus.Rejected);   // alipay, declined: not money
        await _harness.AdvanceAsync(new DateTimeOffset(2026, 11, 28, 13, 59, 0, TimeSpan.Zero) - _harness.Time.GetUtcNow());
        var at2359 = await PayAsync(400.40m, "T3", code: 5);            // sbp, paid at 23:59 local
        var created2359 = await _harness.CreateAsync(PaymentsHarness.Request(500.50m, "T1", code: 6)); // webMoney
        await _harness.AdvanceAsync(TimeSpan.FromSeconds(55));          // still waiting as midnight passes
        var afterMidnight = await PayPendingAsync(created2359.Id);
        await PayAsync(600.60m, "T2", code: 5);                        // sbp, 29th

        var day28 = await _reports.GetAsync(Day28, null, CancellationToken.None);
        var day29 = await _reports.GetAsync(Day29, null, CancellationToken.None);
        var day28T1 = await _reports.GetAsync(Day28, "T1", CancellationToken.None);

        Assert.Equal(new TimeOnly(23, 59), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at2359.CompletedAt!.Value, _zone.Zone).DateTime).Truncate());
        Assert.Equal(Day29, _zone.DayOf(afterMidnight.CompletedAt!.Value));
        Assert.Equal("2026-11-28", day28.Date);
        Assert.Equal(Zone, day28.TimeZone);
        Assert.Equal(
            [(PaymentSystem.Sbp, 2, 500.50m), (PaymentSystem.WebMoney, 0, 0m), (PaymentSystem.WeChat, 1, 200.20m), (PaymentSystem.Alipay, 0, 0m)],
            day28.Totals.Select(t => (t.PaymentSystem, t.PaidCount, t.PaidAmount)));
        Assert.Equal(["T1:Sbp:100.10", "T2:WeChat:200.20", "T3:Sbp:400.40"], Flat(day28));
        Assert.Equal(["T1:WebMoney:500.50", "T2:Sbp:600.60"], Flat(day29));
        Assert.Equal(["T1:Sbp:100.10"], Flat(day28T1));
        Assert.Equal(100.10m, day28T1.Totals.Sum(t => t.NetAmount));
        Assert.Equal(0, day28.AttentionCount);
    }

    [Fact]
    public async Task Refunds_CountedOnTheDayTheySucceeded_NotWhenCreatedOrIfFailed()
    {
        var local = TimeSpan.FromHours(10);
        var paid = await ReportSeed.EndedAsync(_harness.Journal, "T1", PaymentSystem.Sbp, 1000.00m, new DateTimeOffset(2026, 11, 28, 12, 0, 0, local));
        ReportSeed.Refund(_harness.Journal, paid.Id, 250.25m, "succeeded", new DateTimeOffset(2026, 11, 28, 23, 0, 0, local), new DateTimeOffset(2026, 11, 29, 9, 0, 0, local));
        ReportSeed.Refund(_harness.Journal, paid.Id, 100.00m, "failed", new DateTimeOffset(2026, 11, 28, 23, 30, 0, local), new DateTimeOffset(2026, 11, 29, 9, 5, 0, local));
        ReportSeed.Refund(_harness.Journal, paid.Id, 50.00m, "pending", new DateTimeOffset(2026, 11, 29, 10, 0, 0, local), null);

        var day28 = await _reports.GetAsync(Day28, null, CancellationToken.None);
        var day29 = await _reports.GetAsync(Day29, null, CancellationToken.None);

        var sbp28 = day28.Totals.Single(t => t.PaymentSystem == PaymentSystem.Sbp);
        var sbp29 = day29.Totals.Single(t => t.PaymentSystem == PaymentSystem.Sbp);
        Assert.Equal((1, 1000.00m, 0, 0m, 1000.00m), (sbp28.PaidCount, sbp28.PaidAmount, sbp28.RefundedCount, sbp28.RefundedAmount, sbp28.NetAmount));
        Assert.Equal((0, 0m, 1, 250.25m, -250.25m), (sbp29.PaidCount, sbp29.PaidAmount, sbp29.RefundedCount, sbp29.RefundedAmount, sbp29.NetAmount));
        Assert.Equal("T1", Assert.Single(day29.ByTerminal).TerminalId);
    }

    [Fact]
    public async Task Totals_AmountsSummedExactly_LatePaidCountsAsPaidAndForAttention()
    {
        var at = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.FromHours(10));
        for (var i = 0; i < 10; i++)
        {
            await ReportSeed.EndedAsync(_harness.Journal, "T1", PaymentSystem.Sbp, 0.10m, at.AddMinutes(i));
        }
        await ReportSeed.EndedAsync(_harness.Journal, "T1", PaymentSystem.Sbp, 0.20m, at.AddHours(1), PaymentStatus.Failed, latePaid: true);
        await ReportSeed.EndedAsync(_harness.Journal, "T1", PaymentSystem.Sbp, 5.00m, at.AddHours(2), PaymentStatus.TimedOut, unresolved: true);

        var day = await _reports.GetAsync(Day28, null, CancellationToken.None);

        var sbp = day.Totals.Single(t => t.PaymentSystem == PaymentSystem.Sbp);
        Assert.Equal(11, sbp.PaidCount);
        Assert.Equal("1.20", sbp.PaidAmount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, day.AttentionCount);
    }

    private static List<string> Flat(DailyReportResponse report) =>
        report.ByTerminal.SelectMany(t => t.Totals.Select(s => $"{t.TerminalId}:{s.PaymentSystem}:{s.PaidAmount.ToString(System.Globalization.CultureInfo.InvariantCulture)}")).ToList();

    private async Task<Payment> PayAsync(decimal amount, string terminal, int code)
    {
        var created = await _harness.CreateAsync(PaymentsHarness.Request(amount, terminal, code));
        return await PayPendingAsync(created.Id);
    }

    private async Task<Payment> PayPendingAsync(string id) => await EndPendingAsync(id, WireStatus.Paid);

    private async Task EndAsync(decimal amount, string terminal, int code, string status)
    {
        var created = await _harness.CreateAsync(PaymentsHarness.Request(amount, terminal, code));
        await EndPendingAsync(created.Id, status);
    }

    private async Task<Payment> EndPendingAsync(string id, string status)
    {
        _harness.Client.Statuses.Enqueue(ScriptedWebMoneyClient.Status(status));
        await _harness.AdvanceAsync(TimeSpan.FromSeconds(6));
        var payment = await _harness.GetAsync(id);
        Assert.True(payment.IsFinal, $"payment {id} still {payment.Status}");
        return payment;
    }
}

internal static class TimeOnlyExtensions
{
    public static TimeOnly Truncate(this TimeOnly t) => new(t.Hour, t.Minute);
}
