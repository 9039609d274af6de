using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.Reports;

/// <summary>Swagger examples of the /reports endpoints (after the general <see cref="SwaggerExamples"/>, so these win).</summary>
public sealed class ReportExamples : IOperationFilter
{
    public static readonly JsonNode Daily = JsonNode.Parse("""
        { "date": "2026-11-28", "timeZone": "Europe/Moscow",
          "totals": [
            { "paymentSystem": "sbp", "paidCount": 3, "paidAmount": 3500.00, "refundedCount": 1, "refundedAmount": 500.00, "netAmount": 3000.00 },
            { "paymentSystem": "webMoney", "paidCount": 0, "paidAmount": 0, "refundedCount": 0, "refundedAmount": 0, "netAmount": 0 },
            { "paymentSystem": "weChat", "paidCount": 1, "paidAmount": 120.50, "refundedCount": 0, "refundedAmount": 0, "netAmount": 120.50 },
            { "paymentSystem": "alipay", "paidCount": 0, "paidAmount": 0, "refundedCount": 0, "refundedAmount": 0, "netAmount": 0 } ],
          "byTerminal": [
            { "terminalId": "1", "totals": [
              { "paymentSystem": "sbp", "paidCount": 2, "paidAmount": 2500.00, "refundedCount": 1, "refundedAmount": 500.00, "netAmount": 2000.00 } ] },
            { "terminalId": "3", "totals": [
              { "paymentSystem": "sbp", "paidCount": 1, "paidAmount": 1000.00, "refundedCount": 0, "refundedAmount": 0, "netAmount": 1000.00 },
              { "paymentSystem": "weChat", "paidCount": 1, "paidAmount": 120.50, "refundedCount": 0, "refundedAmount": 0, "netAmount": 120.50 } ] } ],
          "attentionCount": 1 }
        """)!;

    public static readonly JsonNode Reconciliation = JsonNode.Parse("""
        { "date": "2026-11-28", "checkedAt": "2026-11-29T06:00:00+00:00", "matchedCount": 41,
          "mismatches": [
            { "kind": "status_differs", "transactionId": "9c1e4f0a7b2d4e6f8a0b1c2d3e4f5a6b", "paymentId": "3f2b9c6a0d8e4f7a9b1c2d3e4f5a6b7c",
              "journal": { "status": "failed", "latePaid": false, "amount": 1234.50, "refundedAmount": 0, "transactionId": "9c1e4f0a7b2d4e6f8a0b1c2d3e4f5a6b" },
              "webMoney": { "status": "Paid", "amount": 1234.50, "refundedAmount": 0, "paymentSystem": "Sbp",
                "createdAt": "2026-11-28T10:00:00+00:00", "paidAt": "2026-11-28T10:01:10+00:00" }, "refund": null },
            { "kind": "refund_differs", "transactionId": "5d7e9f1a3b5c4d6e8f0a2b4c6d8e0f1a", "paymentId": "8a6c4e2f0b9d4c7a8e1f3a5b7c9d1e2f",
              "journal": { "status": "paid", "latePaid": false, "amount": 2500.00, "refundedAmount": 0, "transactionId": "5d7e9f1a3b5c4d6e8f0a2b4c6d8e0f1a" },
              "webMoney": null,
              "refund": { "refundId": "b4d6f8a0c2e44f6a8b0c2d4e6f8a0b1c", "refundTransactionId": "R-7f3a9c1e", "amount": 800.00,
                "journalStatus": "pending", "webMoneyStatus": "Completed" } } ] }
        """)!;

    private static readonly Dictionary<string, JsonNode> Problems = new()
    {
        ["400"] = JsonNode.Parse("""{ "title": "Validation failed", "status": 400, "code": "validation_failed", "errors": { "date": ["A local day as YYYY-MM-DD, e.g. 2026-11-28."] } }""")!,
        ["502"] = JsonNode.Parse("""{ "title": "WebMoney did not answer the list of transactions", "status": 502, "code": "webmoney_unavailable", "detail": "Nothing was changed; try again later. / GetTransactions: …" }""")!,
        ["503"] = JsonNode.Parse("""{ "title": "The gateway is not configured for WebMoney", "status": 503, "code": "not_configured", "detail": "WebMoneySettings.txt, строка 3: …" }""")!,
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var path = context.ApiDescription.RelativePath;
        if (path?.StartsWith("reports/", StringComparison.Ordinal) != true || operation.Responses is null)
        {
            return;
        }
        foreach (var (status, response) in operation.Responses)
        {
            if (response.Content is null)
            {
                continue;
            }
            foreach (var (mediaType, content) in response.Content)
            {
                var example = mediaType switch
                {
                    "application/problem+json" => Problems.GetValueOrDefault(status),
                    "application/json" when status == "200" => path == "reports/daily" ? Daily : path == "reports/reconciliation" ? Reconciliation : null,
                    _ => null,
                };
                if (example is not null)
                {
                    ((OpenApiMediaType)content).Example = example.DeepClone();
                }
            }
        }
    }
}
