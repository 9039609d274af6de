using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway;

/// <summary>Request and response examples for Swagger UI, so an administrator can try the API as a cashier would.</summary>
public sealed class SwaggerExamples : IOperationFilter
{
    private static readonly JsonNode PaymentExample = JsonNode.Parse("""
        { "id": "3f2b9c6a0d8e4f7a9b1c2d3e4f5a6b7c", "status": "pending", "terminalId": "1", "receiptId": "000123",
          "description": null, "amount": 1234.50, "currency": "RUB", "paymentSystem": "sbp", "paymentTypeCode": 5,
          "transactionId": "WM-000042", "qr": { "payload": "https://qr.nspk.ru/AS100001ABC?type=02&sum=123450&cur=RUB",
          "svgUrl": "/payments/3f2b9c6a0d8e4f7a9b1c2d3e4f5a6b7c/qr.svg", "pngUrl": "/payments/3f2b9c6a0d8e4f7a9b1c2d3e4f5a6b7c/qr.png" },
          "createdAt": "2026-11-28T10:00:00+00:00", "deadline": "2026-11-28T10:03:00+00:00", "completedAt": null,
          "error": null, "sandbox": true, "latePaid": false, "unresolved": false,
          "refundedAmount": 0, "refundableAmount": 0 }
        """)!;

    private static readonly JsonNode CreateExample = JsonNode.Parse("""
        { "amount": 1234.50, "paymentTypeCode": 5, "receiptId": "000123", "terminalId": "1" }
        """)!;

    private static readonly Dictionary<string, JsonNode> Problems = new()
    {
        ["400"] = JsonNode.Parse("""{ "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1", "title": "Validation failed", "status": 400, "code": "validation_failed", "errors": { "amount": ["Must be greater than 0."] } }""")!,
        ["404"] = JsonNode.Parse("""{ "title": "No payment 'x'", "status": 404, "code": "payment_not_found" }""")!,
        ["409"] = JsonNode.Parse("""{ "title": "A payment is already pending on this terminal", "status": 409, "code": "terminal_busy", "paymentId": "3f2b9c6a0d8e4f7a9b1c2d3e4f5a6b7c" }""")!,
        ["415"] = JsonNode.Parse("""{ "title": "The body must be application/json", "status": 415, "code": "unsupported_media_type" }""")!,
        ["422"] = JsonNode.Parse("""{ "title": "This payment-type Code is not mapped to a WebMoney payment system", "status": 422, "code": "payment_type_not_configured" }""")!,
        ["502"] = JsonNode.Parse("""{ "title": "WebMoney refused to create the QR", "status": 502, "code": "webmoney_rejected", "detail": "WebMoney отказал в создании QR-кода: …", "paymentId": "…" }""")!,
        ["503"] = JsonNode.Parse("""{ "title": "The gateway is not configured for WebMoney", "status": 503, "code": "not_configured", "detail": "WebMoneySettings.txt, строка 3: …" }""")!,
    };

    // The tills' endpoints answer their own 404 (TerminalsApi).
    private static readonly JsonNode TerminalNotFound = JsonNode.Parse("""{ "title": "No till '7' with an identity of its own", "status": 404, "code": "terminal_not_found", "detail": "Нет папки terminals/7/: эта касса платит с общими настройками магазина." }""")!;

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.RequestBody?.Content is { } requestContent && requestContent.TryGetValue("application/json", out var body)
            && context.ApiDescription.RelativePath == "payments")
        {
            ((OpenApiMediaType)body).Example = CreateExample.DeepClone();
        }
        if (operation.Responses is null)
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
                if (mediaType == "application/problem+json" && Problems.TryGetValue(status, out var problem))
                {
                    var terminals = status == "404" && context.ApiDescription.RelativePath?.StartsWith("settings/terminals", StringComparison.Ordinal) == true;
                    ((OpenApiMediaType)content).Example = (terminals ? TerminalNotFound : problem).DeepClone();
                }
                else if (mediaType == "application/json" && context.ApiDescription.RelativePath?.StartsWith("payments", StringComparison.Ordinal) == true
                    && status is "200" or "201")
                {
                    // The list is {items, nextCursor}; its path is "payments/" (the group's "/").
                    ((OpenApiMediaType)content).Example = context.ApiDescription.RelativePath.TrimEnd('/') == "payments" && context.ApiDescription.HttpMethod == "GET"
                        ? new JsonObject { ["items"] = new JsonArray(PaymentExample.DeepClone()), ["nextCursor"] = "MjAyNi0xMS0yOFQxMDowMDowMHwzZjJi" }
                        : PaymentExample.DeepClone();
                }
            }
        }
    }
}
