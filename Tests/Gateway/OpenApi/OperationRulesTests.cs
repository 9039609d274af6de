using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.OpenApi;
using Microsoft.AspNetCore.Routing;
using Tests.Support;

namespace Tests.Gateway.OpenApi;

/// <summary>
/// Issue #29, one check per item: what the server really does is in /swagger/v1/swagger.json (OperationRules,
/// RequestSchemaRules, the endpoints' metadata). Issue #28 item 10: the server is the request's own address.
/// </summary>
public sealed class OperationRulesTests(OpenApiDocumentTests.Document document) : IClassFixture<OpenApiDocumentTests.Document>
{
    private JsonNode Paths => document.Root["paths"]!;

    [Theory]
    [InlineData("/payments/{id}/qr.svg", "image/svg+xml")]
    [InlineData("/payments/{id}/qr.png", "image/png")]
    [InlineData("/reports/daily.csv", "text/csv")]
    public void FileAnswers_DeclareTheirMediaType_WithABinaryStringSchema(string path, string mediaType)
    {
        var content = Paths[path]!["get"]!["responses"]!["200"]!["content"]!.AsObject();

        var schema = Assert.Single(content, c => c.Key == mediaType).Value!["schema"]!;
        Assert.Equal("string", (string?)schema["type"]);
        Assert.Equal("binary", (string?)schema["format"]);
    }

    [Theory]
    [InlineData("/payments")]
    [InlineData("/payments/{id}/refunds")]
    public void Creates_DeclareTheIdempotencyKeyHeader_AndItsReuse409(string path)
    {
        var create = Paths[path]!["post"]!;

        var header = Assert.Single(create["parameters"]!.AsArray(), p => (string?)p!["name"] == "Idempotency-Key")!;
        Assert.Equal("header", (string?)header["in"]);
        Assert.Equal(128, (int?)header["schema"]!["maxLength"]);
        Assert.Contains("idempotency_key_reused", (string?)create["responses"]!["409"]!["description"]);
    }

    [Theory]
    [InlineData("/reports/daily")]
    [InlineData("/reports/daily.csv")]
    [InlineData("/reports/reconciliation")]
    public void Reports_MarkDateRequired(string path)
    {
        var date = Assert.Single(Paths[path]!["get"]!["parameters"]!.AsArray(), p => (string?)p!["name"] == "date")!;

        Assert.True((bool?)date["required"]);
    }

    [Fact]
    public void EveryOperationWithABody_Lists413And415_AndEveryStateChange_ListsCrossSite403()
    {
        var operations = document.Operations().ToList();

        Assert.All(operations.Where(o => o.Operation["requestBody"] is not null), o =>
        {
            Assert.Contains("payload_too_large", (string?)o.Operation["responses"]!["413"]?["description"]);
            Assert.Contains("unsupported_media_type", (string?)o.Operation["responses"]!["415"]?["description"]);
        });
        Assert.All(operations.Where(o => !o.Where.StartsWith("GET ", StringComparison.Ordinal)), o =>
            Assert.Contains("cross_site_request", (string?)o.Operation["responses"]!["403"]?["description"]));
        Assert.NotNull(Paths["/settings"]!["put"]!["responses"]!["415"]);
        Assert.NotNull(Paths["/settings/payment-types"]!["put"]!["responses"]!["415"]);
        Assert.Contains("loopback_only", (string?)Paths["/settings"]!["put"]!["responses"]!["403"]!["description"]);
    }

    [Fact]
    public void CreatePaymentRequest_RequiresANonNullAmount_AndSaysExactlyOneOfCodeOrSystem()
    {
        var schema = document.Root["components"]!["schemas"]!["CreatePaymentRequest"]!;

        Assert.Contains("amount", schema["required"]!.AsArray().Select(r => (string?)r));
        Assert.Null(schema["properties"]!["amount"]!["nullable"]);
        Assert.Contains(RequestSchemaRules.PaymentOneOfNote, (string?)schema["description"]);
    }

    [Fact]
    public void Answers_DeclareLocationOn201_RetryAfterOn429_AndContentDispositionOnTheCsv()
    {
        var responses = document.Operations().SelectMany(o => o.Operation["responses"]!.AsObject().Select(r => (o.Where, r.Key, Response: r.Value!))).ToList();

        Assert.Contains(responses, r => r.Key == "201");
        Assert.All(responses.Where(r => r.Key == "201"), r => Assert.True((bool?)r.Response["headers"]?["Location"]?["required"], $"{r.Where} 201"));
        Assert.Contains(responses, r => r.Key == "429");
        Assert.All(responses.Where(r => r.Key == "429"), r => Assert.Equal("integer", (string?)r.Response["headers"]?["Retry-After"]?["schema"]?["type"]));
        Assert.NotNull(Paths["/reports/daily.csv"]!["get"]!["responses"]!["200"]!["headers"]!["Content-Disposition"]);
    }

    [Fact]
    public void EveryJsonRequestBody_ForbidsMembersItDoesNotName()
    {
        var guarded = document.Endpoints.Where(e => UnknownMemberGuard.BodyTypeOf(e) is not null)
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName).Order().ToList();

        var bodies = document.Operations()
            .Select(o => (Id: (string?)o.Operation["operationId"], Schema: o.Operation["requestBody"]?["content"]?["application/json"]?["schema"]))
            .Where(b => b.Schema is not null)
            .Select(b => (b.Id, Name: ((string)(b.Schema!["$ref"] ?? b.Schema["allOf"]![0]!["$ref"])!).Split('/')[^1])).ToList();

        Assert.NotEmpty(bodies);
        Assert.Equal(bodies.Select(b => b.Id).Order(), guarded);
        Assert.All(bodies, b => Assert.False((bool?)document.Root["components"]!["schemas"]![b.Name]!["additionalProperties"], b.Name));
    }

    [Fact]
    public void NoSchema_UsesAFormatOutsideOpenApiAndJsonSchema_AndMoneyIsAPlainNumber()
    {
        var known = new HashSet<string> { "int32", "int64", "float", "double", "byte", "binary", "password", "date", "date-time", "uri", "uri-reference", "uuid", "email" };

        var formats = document.Root.DescendantsNamed("format").Select(f => (string?)f).ToList();
        var amount = document.Root["components"]!["schemas"]!["PaymentResponse"]!["properties"]!["amount"]!;

        Assert.All(formats, f => Assert.Contains(f!, known));
        Assert.Equal("number", (string?)amount["type"]);
        Assert.Null(amount["multipleOf"]);
    }

    [Fact]
    public async Task TheServer_IsTheAddressTheDocumentWasFetchedFrom()
    {
        await using var gateway = new GatewayHarness().UseScriptedWebMoney().ListenOn();
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };

        var fetched = await http.GetFromJsonAsync<JsonObject>("/swagger/v1/swagger.json");

        var server = Assert.Single(fetched!["servers"]!.AsArray())!;
        Assert.Equal(gateway.BaseAddress.ToString().TrimEnd('/'), (string?)server["url"]);
    }
}

internal static class JsonNodeWalk
{
    /// <summary>Every value of a member with this name, at any depth.</summary>
    public static IEnumerable<JsonNode?> DescendantsNamed(this JsonNode node, string name) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == name ? [p.Value] : p.Value is null ? [] : p.Value.DescendantsNamed(name)),
        JsonArray a => a.SelectMany(i => i is null ? [] : i.DescendantsNamed(name)),
        _ => [],
    };
}
