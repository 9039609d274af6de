using System.Globalization;
using System.Text;
using Gateway.Payments;

namespace Gateway.Reports;

/// <summary>
/// The daily report as the accountant's spreadsheet opens it: UTF-8 with BOM (Excel then reads Cyrillic right),
/// ';' between fields and a decimal comma (the Russian locale's list separator and decimal mark), CRLF lines,
/// one row per terminal and payment system, and a total row.
/// </summary>
public static class DailyReportCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static readonly string[] Header =
        ["Дата", "Терминал", "Платёжная система", "Оплат, шт.", "Оплачено, руб.", "Возвратов, шт.", "Возвращено, руб.", "Итого, руб."];

    /// <summary>The first column of the total row.</summary>
    public const string TotalLabel = "Итого";

    private static readonly NumberFormatInfo Rubles = new() { NumberDecimalSeparator = ",", NegativeSign = "-" };

    public static string FileName(string date) => $"daily-{date}.csv";

    public static byte[] Write(DailyReportResponse report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        Line(sb, Header);
        foreach (var terminal in report.ByTerminal)
        {
            foreach (var t in terminal.Totals)
            {
                Line(sb, [report.Date, terminal.TerminalId, t.PaymentSystem.Title(), .. Numbers(t)]);
            }
        }
        var total = new SystemTotals(default, report.Totals.Sum(t => t.PaidCount), report.Totals.Sum(t => t.PaidAmount),
            report.Totals.Sum(t => t.RefundedCount), report.Totals.Sum(t => t.RefundedAmount), report.Totals.Sum(t => t.NetAmount));
        Line(sb, [report.Date, TotalLabel, "", .. Numbers(total)]);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    /// <summary>A ruble amount as the CSV writes it: "1234,50".</summary>
    public static string Amount(decimal value) => value.ToString("0.00", Rubles);

    private static string[] Numbers(SystemTotals t) =>
    [
        t.PaidCount.ToString(CultureInfo.InvariantCulture), Amount(t.PaidAmount),
        t.RefundedCount.ToString(CultureInfo.InvariantCulture), Amount(t.RefundedAmount), Amount(t.NetAmount),
    ];

    private static void Line(StringBuilder sb, IEnumerable<string> fields)
    {
        sb.AppendJoin(';', fields.Select(Quote));
        sb.Append("\r\n");
    }

    // RFC 4180 quoting; a leading = + - @ is neutralised so no field can run as a spreadsheet formula.
    private static string Quote(string field)
    {
        if (field.Length > 0 && field[0] is '=' or '+' or '@' || (field.StartsWith('-') && !decimal.TryParse(field, NumberStyles.Number, Rubles, out _)))
        {
            field = "'" + field;
        }
        return field.IndexOfAny([';', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }
}
