using System.Text.Json.Nodes;

namespace Tests.Gateway.OpenApi;

/// <summary>The contract run's judge (contract/validate.cjs) can fail: answers the document does not describe are reported.</summary>
public sealed class ContractValidatorTests(OpenApiDocumentTests.Document document) : IClassFixture<OpenApiDocumentTests.Document>
{
    [Fact]
    public async Task Validator_ReportsAnUnlistedStatus_AWrongBody_AMissingHeader_AndAnUndeclaredMediaType()
    {
        JsonObject Exchange(string method, string path, int status, string contentType, string? body, JsonObject? headers = null) => new()
        {
            ["method"] = method, ["path"] = path, ["status"] = status, ["contentType"] = contentType,
            ["headers"] = headers ?? new JsonObject(), ["body"] = body,
        };
        var payment = document.Root["paths"]!["/payments/{id}"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["example"]!;
        var exchanges = new[]
        {
            Exchange("GET", "/payments/p0", 200, "application/json", payment.ToJsonString()),
            Exchange("GET", "/payments/p1", 418, "application/problem+json", """{"status":418}"""),
            Exchange("GET", "/payments/p1", 200, "application/json", """{"id": 5}"""),
            Exchange("POST", "/payments", 201, "application/json", payment.ToJsonString()),
            Exchange("GET", "/payments/p1/qr.png", 200, "text/html", "<html/>"),
        };

        var verdict = await ContractRecorder.ValidateAsync(document.Root, exchanges);

        var failures = verdict["failures"]!.AsArray().Select(f => (string)f!).ToList();
        Assert.DoesNotContain(failures, f => f.StartsWith("GET /payments/p0", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("418: status not listed", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("GET /payments/p1 → 200: body", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("required header Location missing", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("media type 'text/html' is not declared", StringComparison.Ordinal));
        Assert.Contains("GET /payments/{id}/qr.svg 200", verdict["uncovered"]!.AsArray().Select(u => (string?)u));
    }
}
