using System.Globalization;
using Gateway.Payments;
using Gateway.Settings;

namespace Gateway.Reports;

/// <summary>
/// The daily totals (SPEC §11), from the journal alone. A payment belongs to the local day on which it completed
/// (its paid time as the gateway recorded it; for a latePaid payment, the time it first ended), a refund to the
/// day it succeeded. Only payments of the gateway's current mode count: a live report never holds sandbox money.
/// </summary>
public sealed class DailyReports
{
    private readonly IReportStore _journal;
    private readonly ReportTimeZone _zone;
    private readonly ISettingsStore _settings;

    public DailyReports(IReportStore journal, ReportTimeZone zone, ISettingsStore settings)
    {
        _journal = journal;
        _zone = zone;
        _settings = settings;
    }

    public async Task<DailyReportResponse> GetAsync(DateOnly date, string? terminalId, CancellationToken ct)
    {
        var (start, end) = _zone.Bounds(date);
        var sums = await _journal.ReadDaySumsAsync(start, end, _settings.Current.Sandbox, terminalId, ct);
        var byTerminal = sums.Rows
            .GroupBy(r => r.TerminalId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new TerminalTotals(g.Key, Combine(g).Where(t => t.PaidCount + t.RefundedCount > 0).ToList()))
            .ToList();
        return new DailyReportResponse(
            date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), _zone.Id, Combine(sums.Rows), byTerminal, sums.AttentionCount);
    }

    // Every system in enum order (zeros included), paid and refunded rows of a system merged.
    private static List<SystemTotals> Combine(IEnumerable<DaySumRow> rows)
    {
        var list = rows.ToList();
        return Enum.GetValues<PaymentSystem>().Select(system =>
        {
            var of = list.Where(r => r.PaymentSystem == system).ToList();
            var paid = of.Sum(r => r.PaidAmount);
            var refunded = of.Sum(r => r.RefundedAmount);
            return new SystemTotals(system, of.Sum(r => r.PaidCount), paid, of.Sum(r => r.RefundedCount), refunded, paid - refunded);
        }).ToList();
    }
}
