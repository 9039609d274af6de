using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.Admin;

/// <summary>Examples for the admin endpoints (runs after <see cref="SwaggerExamples"/>, replacing its generic ones there).</summary>
public sealed class AdminSwaggerExamples : IOperationFilter
{
    private static readonly Dictionary<string, Dictionary<string, string>> Examples = new()
    {
        ["GetPaymentEvents"] = new()
        {
            ["200"] = """
                { "paymentId": "3f2b9c6a0d8e4f7a9b1c2d3e4f5a6b7c", "items": [
                  { "seq": 1, "at": "2026-11-28T10:00:00+00:00", "lastAt": null, "count": 1, "kind": "created", "text": "Платёж создан: 1 234,50 ₽, СБП (Система быстрых платежей), касса 1", "operation": null, "outcome": null, "wireStatus": null, "resultCode": null, "detail": null, "durationMs": null },
                  { "seq": 2, "at": "2026-11-28T10:00:01+00:00", "lastAt": null, "count": 1, "kind": "webMoneyCall", "text": "WebMoney, создание QR: QR выдан", "operation": "CreateQrPayment", "outcome": "success", "wireStatus": null, "resultCode": null, "detail": null, "durationMs": 412 },
                  { "seq": 3, "at": "2026-11-28T10:00:01+00:00", "lastAt": null, "count": 1, "kind": "qrIssued", "text": "QR-код получен от WebMoney (транзакция WM-000042)", "operation": null, "outcome": null, "wireStatus": null, "resultCode": null, "detail": null, "durationMs": null },
                  { "seq": 4, "at": "2026-11-28T10:00:06+00:00", "lastAt": "2026-11-28T10:01:56+00:00", "count": 23, "kind": "webMoneyCall", "text": "WebMoney, запрос статуса: ожидает оплаты", "operation": "GetPaymentStatus", "outcome": "success", "wireStatus": "WaitingForPayment", "resultCode": null, "detail": null, "durationMs": 95 },
                  { "seq": 5, "at": "2026-11-28T10:02:01+00:00", "lastAt": null, "count": 1, "kind": "webMoneyCall", "text": "WebMoney, запрос статуса: оплачен", "operation": "GetPaymentStatus", "outcome": "success", "wireStatus": "Paid", "resultCode": null, "detail": null, "durationMs": 101 },
                  { "seq": 6, "at": "2026-11-28T10:02:01+00:00", "lastAt": null, "count": 1, "kind": "final", "text": "Итог: оплачен", "operation": null, "outcome": null, "wireStatus": null, "resultCode": null, "detail": null, "durationMs": null } ] }
                """,
        },
        ["RecheckPayment"] = new()
        {
            ["409"] = """{ "title": "The payment is resolved: nothing left to check", "status": 409, "code": "nothing_to_check", "detail": "Платёж уже завершён окончательно — проверять нечего." }""",
        },
        ["CheckConnection"] = new()
        {
            ["200"] = """
                { "ok": true, "stage": "ok", "message": "Связь есть, подпись принята: сервер WebMoney принял сертификат, подпись и время запроса.", "detail": "Транзакция не найдена", "resultCode": 30,
                  "endpoint": "https://dev.runpay.com/PosIntegration2/ApiService.svc", "checkedAt": "2026-11-28T10:00:00+00:00", "durationMs": 240, "clockOffsetSeconds": 0.4 }
                """,
        },
        ["PutSettingsCertificate"] = new()
        {
            ["200"] = """{ "file": "N100.pfx", "subject": "CN=N100", "thumbprint": "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678", "notAfter": "2027-11-28T10:00:00+00:00", "passwordSaved": true }""",
            ["400"] = """{ "title": "Validation failed", "status": 400, "code": "validation_failed", "detail": "Сертификат не принят. / The certificate was not accepted.", "errors": { "certificatePassword": ["Сертификат не открывается с этим паролем: проверьте «Пароль сертификата». Файл не заменён. / The certificate does not open with this password. The file was not replaced."] } }""",
            ["415"] = """{ "title": "The body must be multipart/form-data", "status": 415, "code": "unsupported_media_type" }""",
        },
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var name = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
        if (name is null || !Examples.TryGetValue(name, out var examples) || operation.Responses is null)
        {
            return;
        }
        if (name == "RecheckPayment")
        {
            examples = new(examples) { ["200"] = RecheckExample() };
        }
        foreach (var (status, response) in operation.Responses)
        {
            if (response.Content is null || !examples.TryGetValue(status, out var json))
            {
                continue;
            }
            foreach (var (_, content) in response.Content)
            {
                ((OpenApiMediaType)content).Example = JsonNode.Parse(json);
            }
        }
    }

    private static string RecheckExample() => """
        { "payment": { "id": "3f2b9c6a0d8e4f7a9b1c2d3e4f5a6b7c", "status": "timedOut", "terminalId": "1", "receiptId": "000123", "description": null,
            "amount": 1234.50, "currency": "RUB", "paymentSystem": "sbp", "paymentTypeCode": 5, "transactionId": "WM-000042", "qr": null,
            "createdAt": "2026-11-28T10:00:00+00:00", "deadline": "2026-11-28T10:03:00+00:00", "completedAt": "2026-11-28T10:03:01+00:00",
            "error": { "code": "timeout", "message": "Время ожидания оплаты истекло" }, "sandbox": false, "latePaid": true, "unresolved": false,
            "refundedAmount": 0, "refundableAmount": 1234.50 },
          "changed": true, "message": "WebMoney: платёж ОПЛАЧЕН. Он отмечен как оплаченный поздно — проверьте чек." }
        """;
}
