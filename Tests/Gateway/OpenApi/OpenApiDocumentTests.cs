using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.OpenApi;
using Json.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tests.Support;

namespace Tests.Gateway.OpenApi;

/// <summary>
/// /swagger/v1/swagger.json as a POS vendor uses it: generic over every operation, so endpoints added later are
/// held to the same rules. (Redocly CLI's "recommended" lint: docs/operations.md.)
/// </summary>
public sealed class OpenApiDocumentTests(OpenApiDocumentTests.Document document) : IClassFixture<OpenApiDocumentTests.Document>
{
    [Fact]
    public void EveryExample_ValidatesAgainstItsSchema()
    {
        var failures = new List<string>();
        var count = 0;

        foreach (var (where, example, schema) in document.Examples())
        {
            count++;
            var result = document.Compile(schema).Evaluate(JsonSerializer.SerializeToElement(example),
                new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!result.IsValid)
            {
                var errors = (result.Details ?? []).Where(d => d.Errors is not null)
                    .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
                failures.Add($"{where}: {string.Join("; ", errors)}");
            }
        }

        Assert.True(count >= 15, $"only {count} examples found: the walk over the document is broken");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// The client of OpenApiClientTests is generated at build time from this committed copy (no gateway needs to run
    /// for a build). After an API change: <c>LOCALPAY_APPROVE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests</c>.
    /// </summary>
    [Fact]
    public void CommittedDocument_TheGeneratedClientIsBuiltFrom_IsTheLiveOne()
    {
        var file = Path.Combine(RepositoryRoot(), "Tests", "Gateway", "OpenApi", "swagger.v1.json");
        if (Environment.GetEnvironmentVariable("LOCALPAY_APPROVE_OPENAPI") == "1")
        {
            File.WriteAllText(file, document.Root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        var committed = JsonNode.Parse(File.ReadAllText(file));

        Assert.True(JsonNode.DeepEquals(committed, document.Root),
            $"{file} is out of date: run LOCALPAY_APPROVE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests, then rebuild.");
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LocalPayGateway.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("LocalPayGateway.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void TheValidator_RejectsASinglePaymentAsTheListExample_AsTheLinterDid()
    {
        var list = JsonNode.Parse("""{ "$ref": "#/components/schemas/PaymentListResponse" }""")!;
        var payment = document.Root["paths"]!["/payments/{id}"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["example"]!;

        var result = document.Compile(list).Evaluate(JsonSerializer.SerializeToElement(payment), EvaluationOptions.Default);
        var valid = document.Compile(list).Evaluate(JsonSerializer.SerializeToElement(new { items = new[] { payment }, nextCursor = (string?)null }),
            EvaluationOptions.Default);

        Assert.False(result.IsValid);
        Assert.True(valid.IsValid);
    }

    [Fact]
    public void EveryOperation_HasAUniqueOperationIdATagAndASecurityDecision()
    {
        var operations = document.Operations().ToList();

        Assert.NotEmpty(operations);
        Assert.All(operations, o => Assert.False(string.IsNullOrEmpty((string?)o.Operation["operationId"]), $"{o.Where} has no operationId"));
        Assert.Equal(operations.Count, operations.Select(o => (string?)o.Operation["operationId"]).Distinct().Count());
        Assert.All(operations, o => Assert.True(o.Operation["tags"] is JsonArray { Count: > 0 }, $"{o.Where} has no tag"));
        Assert.All(operations, o => Assert.True(o.Operation["security"] is JsonArray, $"{o.Where} has no security decision"));
    }

    [Fact]
    public void ApiKeyGuardedOperations_DeclareTheXApiKeySchemeAsTheirAlternative()
    {
        var scheme = document.Root["components"]!["securitySchemes"]![OpenApiContract.ApiKeyScheme]!;
        var create = document.Root["paths"]!["/payments"]!["post"]!;
        var live = document.Root["paths"]!["/health/live"]!["get"]!;

        Assert.Equal("apiKey", (string?)scheme["type"]);
        Assert.Equal("header", (string?)scheme["in"]);
        Assert.Equal("X-Api-Key", (string?)scheme["name"]);
        Assert.Contains(create["security"]!.AsArray(), r => r!.AsObject().ContainsKey(OpenApiContract.ApiKeyScheme));
        Assert.Contains("401", create["responses"]!.AsObject().Select(r => r.Key));
        Assert.Empty(live["security"]!.AsArray());
    }

    [Fact]
    public void EveryTag_HasADescription_AndTheDocumentNamesAServer()
    {
        var tags = document.Root["tags"]!.AsArray();

        Assert.All(tags, t => Assert.False(string.IsNullOrWhiteSpace((string?)t!["description"]), $"tag {t!["name"]} has no description"));
        Assert.NotEmpty(document.Root["servers"]!.AsArray());
    }

    [Fact]
    public void PaymentTypes_ItemsCarryPaymentTypeCode_TheNameTheRequestAndThePaymentUse()
    {
        var item = document.Root["components"]!["schemas"]!["PaymentTypeResponse"]!["properties"]!.AsObject();

        Assert.True(item.ContainsKey("paymentTypeCode"));
        Assert.False(item.ContainsKey("code"));
    }

    /// <summary>The document, fetched once from a gateway in memory, and its OpenAPI 3.0 schemas as JSON Schema.</summary>
    public sealed class Document : IAsyncLifetime
    {
        private readonly GatewayHarness _factory = new GatewayHarness().UseScriptedWebMoney();
        private int _compiled;

        public JsonObject Root { get; private set; } = null!;

        /// <summary>The endpoints of the gateway the document came from, as the server routes them.</summary>
        public IReadOnlyList<Endpoint> Endpoints => _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints;

        public async Task InitializeAsync()
        {
            // As a shop PC fetches it: the document names the address it was fetched from as its server.
            using var http = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
            {
                BaseAddress = new Uri("http://127.0.0.1:5080"),
            });
            Root = JsonNode.Parse(await http.GetStringAsync("/swagger/v1/swagger.json"))!.AsObject();
        }

        public Task DisposeAsync()
        {
            _factory.Dispose();
            return Task.CompletedTask;
        }

        public IEnumerable<(string Where, JsonObject Operation)> Operations()
        {
            foreach (var (path, item) in Root["paths"]!.AsObject())
            {
                foreach (var (method, operation) in item!.AsObject())
                {
                    if (operation is JsonObject o && method is "get" or "put" or "post" or "delete" or "patch")
                    {
                        yield return ($"{method.ToUpperInvariant()} {path}", o);
                    }
                }
            }
        }

        /// <summary>Every example and named example of every parameter, request body and response, with its schema.</summary>
        public IEnumerable<(string Where, JsonNode? Example, JsonNode Schema)> Examples()
        {
            foreach (var (where, operation) in Operations())
            {
                foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
                {
                    foreach (var example in ExamplesOf(parameter!.AsObject()))
                    {
                        yield return ($"{where} parameter {parameter["name"]}", example, parameter["schema"]!);
                    }
                }
                foreach (var (mediaType, content) in operation["requestBody"]?["content"]?.AsObject() ?? [])
                {
                    foreach (var example in ExamplesOf(content!.AsObject()))
                    {
                        yield return ($"{where} request {mediaType}", example, content["schema"]!);
                    }
                }
                foreach (var (status, response) in operation["responses"]?.AsObject() ?? [])
                {
                    foreach (var (mediaType, content) in response!["content"]?.AsObject() ?? [])
                    {
                        foreach (var example in ExamplesOf(content!.AsObject()))
                        {
                            yield return ($"{where} {status} {mediaType}", example, content["schema"]!);
                        }
                    }
                }
            }
        }

        public JsonSchema Compile(JsonNode schema)
        {
            var root = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$defs"] = ToJsonSchema(Root["components"]?["schemas"]) ?? new JsonObject(),
                ["allOf"] = new JsonArray(ToJsonSchema(schema)),
            };
            return JsonSchema.FromText(root.ToJsonString(), baseUri: new Uri($"https://localpay.test/schema/{Interlocked.Increment(ref _compiled)}"));
        }

        private static IEnumerable<JsonNode?> ExamplesOf(JsonObject holder)
        {
            if (holder.ContainsKey("example"))
            {
                yield return holder["example"];
            }
            foreach (var (_, named) in holder["examples"]?.AsObject() ?? [])
            {
                yield return named!["value"];
            }
        }

        /// <summary>OpenAPI 3.0 → JSON Schema 2020-12: refs into $defs, <c>nullable</c> as a "null" type.</summary>
        private static JsonNode? ToJsonSchema(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    var copy = new JsonObject();
                    foreach (var (key, value) in o)
                    {
                        if (key is "nullable" or "example" or "examples" or "discriminator" or "xml" or "externalDocs")
                        {
                            continue;
                        }
                        copy[key] = key == "$ref" && value is JsonValue reference
                            ? ((string)reference!).Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal)
                            : ToJsonSchema(value);
                    }
                    if (o["nullable"] is JsonValue nullable && (bool)nullable! && copy["type"] is JsonValue type)
                    {
                        copy["type"] = new JsonArray((string)type!, "null");
                        if (copy["enum"] is JsonArray values)
                        {
                            values.Add(null);
                        }
                    }
                    return copy;
                case JsonArray a:
                    return new JsonArray([.. a.Select(ToJsonSchema)]);
                default:
                    return node?.DeepClone();
            }
        }
    }
}
