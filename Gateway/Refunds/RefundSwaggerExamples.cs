using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.Refunds;

/// <summary>
/// Examples for the refund endpoints (runs after <see cref="SwaggerExamples"/>, whose payment examples it replaces
/// there): the request, the refund object, and one named example per error code.
/// </summary>
public sealed class RefundSwaggerExamples : IOperationFilter
{
    private const string PaymentId = "3f2b9c6a0d8e4f7a9b1c2d3e4f5a6b7c";
    private const string RefundId = "9a8b7c6d5e4f40312a1b2c3d4e5f6a7b";

    private static readonly JsonNode Request = JsonNode.Parse("""{ "amount": 500.00, "reason": "Возврат товара, чек возврата 000124" }""")!;

    private static readonly JsonNode RefundExample = JsonNode.Parse($$"""
        { "id": "{{RefundId}}", "paymentId": "{{PaymentId}}", "amount": 500.00, "currency": "RUB", "status": "succeeded",
          "reason": "Возврат товара, чек возврата 000124", "refundTransactionId": "c0ffee00c0ffee00c0ffee00c0ffee00",
          "createdAt": "2026-11-28T12:00:00+00:00", "completedAt": "2026-11-28T12:00:01+00:00", "error": null, "unresolved": false }
        """)!;

    private static readonly Dictionary<string, (string Summary, string Json)[]> Problems = new()
    {
        ["400"] = [("validation_failed", """{ "title": "Validation failed", "status": 400, "code": "validation_failed", "errors": { "amount": ["At most 2 decimals."] } }"""),
            ("malformed_json", """{ "title": "The body is not valid JSON", "status": 400, "code": "malformed_json" }""")],
        ["404"] = [("payment_not_found", """{ "title": "No payment 'x'", "status": 404, "code": "payment_not_found" }"""),
            ("refund_not_found", """{ "title": "No refund 'x'", "status": 404, "code": "refund_not_found" }""")],
        ["409"] = [
            ("payment_not_paid", $$"""{ "title": "Only a paid payment can be refunded", "status": 409, "code": "payment_not_paid", "paymentId": "{{PaymentId}}", "paymentStatus": "pending" }"""),
            ("refund_exceeds_payment", $$"""{ "title": "The refunds would exceed the payment's amount", "status": 409, "code": "refund_exceeds_payment", "paymentId": "{{PaymentId}}", "refundableAmount": 199.75 }"""),
            ("idempotency_key_reused", $$"""{ "title": "This Idempotency-Key was used with a different body", "status": 409, "code": "idempotency_key_reused", "refundId": "{{RefundId}}" }"""),
        ],
        ["415"] = [("unsupported_media_type", """{ "title": "The body must be application/json", "status": 415, "code": "unsupported_media_type" }""")],
        ["502"] = [
            ("webmoney_rejected", $$"""{ "title": "WebMoney refused the refund", "status": 502, "code": "webmoney_rejected", "detail": "WebMoney отказал в возврате: …", "refundId": "{{RefundId}}", "paymentId": "{{PaymentId}}" }"""),
            ("webmoney_unavailable", $$"""{ "title": "WebMoney did not answer about the refund", "status": 502, "code": "webmoney_unavailable", "detail": "Нет ответа от WebMoney о возврате. …", "refundId": "{{RefundId}}", "paymentId": "{{PaymentId}}" }"""),
        ],
        ["503"] = [("not_configured", """{ "title": "The gateway is not configured for WebMoney", "status": 503, "code": "not_configured", "detail": "WebMoneySettings.txt, строка 3: …" }""")],
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var path = context.ApiDescription.RelativePath ?? "";
        if (!path.Contains("refunds", StringComparison.Ordinal))
        {
            return;
        }
        if (operation.RequestBody?.Content is { } requestContent && requestContent.TryGetValue("application/json", out var body))
        {
            ((OpenApiMediaType)body).Example = Request.DeepClone();
        }
        foreach (var (status, response) in operation.Responses ?? [])
        {
            foreach (var (mediaType, content) in response.Content ?? new Dictionary<string, IOpenApiMediaType>())
            {
                var media = (OpenApiMediaType)content;
                if (mediaType == "application/problem+json" && Problems.TryGetValue(status, out var problems))
                {
                    media.Example = null;
                    media.Examples = problems.ToDictionary(p => p.Summary, p => (IOpenApiExample)new OpenApiExample { Summary = p.Summary, Value = JsonNode.Parse(p.Json) });
                }
                else if (mediaType == "application/json" && status is "200" or "201")
                {
                    media.Example = context.ApiDescription.HttpMethod == "GET" && !path.StartsWith("refunds/", StringComparison.Ordinal)
                        ? new JsonObject { ["items"] = new JsonArray(RefundExample.DeepClone()) }
                        : RefundExample.DeepClone();
                }
            }
        }
    }
}
