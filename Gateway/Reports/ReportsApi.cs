using System.Globalization;
using Gateway.OpenApi;
using Gateway.Payments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Reports;

/// <summary>The <c>/reports</c> group (SPEC §11): daily totals as JSON and CSV, and the reconciliation with WebMoney.</summary>
public static class ReportsApi
{
    public const string DateFormat = "yyyy-MM-dd";

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        // Every report needs ?date= (checked by Validate, which names it): the document marks it required.
        var group = app.MapGroup("/reports").WithTags("Reports").RequiresQuery("date");

        group.MapGet("/daily", GetDailyReport)
            .WithName(nameof(GetDailyReport))
            .WithSummary("Totals of one local day (Gateway:TimeZone) per payment system and per terminal, from the journal alone")
            .WithDescription("?date=YYYY-MM-DD (required), ?terminalId= (optional). A payment counts on the day it completed paid "
                + "(latePaid included), a refund on the day it succeeded; netAmount = paidAmount − refundedAmount. "
                + "Errors: 400 validation_failed (date, terminalId).")
            .Produces<DailyReportResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapGet("/daily.csv", GetDailyReportCsv)
            .WithName(nameof(GetDailyReportCsv))
            .WithSummary("The daily report as CSV for Excel: UTF-8 with BOM, ';', decimal comma, a row per terminal and system, a total row")
            .WithDescription("?date=YYYY-MM-DD (required), ?terminalId= (optional). Sent as an attachment daily-YYYY-MM-DD.csv. "
                + "Errors: 400 validation_failed (date, terminalId).")
            .Produces<byte[]>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapGet("/reconciliation", GetReconciliation)
            .WithName(nameof(GetReconciliation))
            .WithSummary("Asks WebMoney for the day's transactions (GetTransactions) and compares them with the journal")
            .WithDescription("?date=YYYY-MM-DD (required). Mismatch kinds: missing_in_journal, status_differs, amount_differs, "
                + "refund_differs. A transaction WebMoney reports paid that the journal ended otherwise becomes latePaid (logged as a "
                + "warning, listed by GET /payments?attention=true); a pending payment is left to the poller. "
                + "Errors: 400 validation_failed (date), 502 webmoney_unavailable (technical error, nothing changed) / "
                + "webmoney_rejected, 503 not_configured.")
            .Produces<ReconciliationResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<Results<Ok<DailyReportResponse>, ProblemHttpResult>> GetDailyReport(string? date, string? terminalId,
        DailyReports reports, CancellationToken ct)
    {
        var (day, problem) = Validate(date, terminalId);
        if (problem is not null)
        {
            return problem;
        }
        return TypedResults.Ok(await reports.GetAsync(day, terminalId, ct));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetDailyReportCsv(string? date, string? terminalId,
        DailyReports reports, CancellationToken ct)
    {
        var (day, problem) = Validate(date, terminalId);
        if (problem is not null)
        {
            return problem;
        }
        var report = await reports.GetAsync(day, terminalId, ct);
        return TypedResults.File(DailyReportCsv.Write(report), DailyReportCsv.ContentType, DailyReportCsv.FileName(report.Date));
    }

    public static async Task<Results<Ok<ReconciliationResponse>, ProblemHttpResult>> GetReconciliation(string? date,
        Reconciliation reconciliation, CancellationToken ct)
    {
        var (day, problem) = Validate(date, null);
        if (problem is not null)
        {
            return problem;
        }
        return await reconciliation.RunAsync(day, ct) switch
        {
            ReconciliationResult.Done done => TypedResults.Ok(done.Report),
            ReconciliationResult.NotConfigured nc => Problems.NotConfigured(nc.Reason),
            ReconciliationResult.Rejected r => Problems.Create(StatusCodes.Status502BadGateway, PaymentErrorCodes.WebMoneyRejected,
                "WebMoney refused the list of transactions", $"{r.ResultCode}: {r.Message}"),
            ReconciliationResult.Unavailable u => Problems.Create(StatusCodes.Status502BadGateway, PaymentErrorCodes.WebMoneyUnavailable,
                "WebMoney did not answer the list of transactions", "Nothing was changed; try again later. / " + u.Message),
            _ => throw new InvalidOperationException("unreachable"),
        };
    }

    private static (DateOnly Day, ProblemHttpResult? Problem) Validate(string? date, string? terminalId)
    {
        var errors = new Dictionary<string, string[]>();
        if (!DateOnly.TryParseExact(date, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors["date"] = [date is null ? "Required: the local day as YYYY-MM-DD." : "A local day as YYYY-MM-DD, e.g. 2026-11-28."];
        }
        else if (!ReportTimeZone.InRange(day))
        {
            errors["date"] = [$"A day from {ReportTimeZone.FirstDay.ToString(DateFormat, CultureInfo.InvariantCulture)} to "
                + $"{ReportTimeZone.LastDay.ToString(DateFormat, CultureInfo.InvariantCulture)}."];
        }
        if (terminalId is not null && !PaymentRequestValidator.TerminalIdPattern().IsMatch(terminalId))
        {
            errors["terminalId"] = ["1–32 characters: latin letters, digits, '_' or '-'."];
        }
        return errors.Count > 0 ? (day, Problems.Validation(errors)) : (day, null);
    }
}
