using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Tests.Gateway.Admin;
using Tests.Security;
using Tests.Support;

namespace Tests.Gateway.OpenApi;

/// <summary>
/// Issue #29's contract run: a real gateway (the real emulator behind it, an API key set) is driven through every
/// operation of its own document — each success and each documented error, the middlewares' answers included, the
/// QR images and the CSV too — and third-party validators (contract/validate.cjs: openapi-schema-validator, strict Ajv,
/// openapi-response-validator, pinned in package-lock.json) judge every answer against the document. Nothing here
/// decides what valid means; it only makes the gateway answer.
/// </summary>
public sealed partial class OpenApiContractRunTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private const string Key = "contract-key";

    [Fact]
    public async Task EveryDocumentedAnswer_OfEveryOperation_MatchesTheDocument_ForAnExternalValidator()
    {
        var recorder = new ContractRecorder(Key);
        await using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600)
            .WithoutFloodLimits().Config("Gateway:ApiKey", Key)
            .WithServices(s => s.AddSingleton<IStartupFilter, RemoteAddressFromHeader>());
        using var http = gateway.CreateDefaultClient(recorder);
        var flooded = new ContractRecorder(Key);
        await using var floodGateway = new GatewayHarness().UseEmulator(emulator).Config("Gateway:ApiKey", Key)
            .Config("Security:RequestsPerSecond", "1").Config("Security:Burst", "1").Config("Security:QueueLength", "0");
        using var floodHttp = floodGateway.CreateDefaultClient(flooded);
        JsonNode document;
        using (var plain = gateway.CreateClient())
        {
            document = JsonNode.Parse(await plain.GetStringAsync("/swagger/v1/swagger.json"))!;
        }

        await new Script(http, emulator, gateway).RunAsync();
        await MiddlewareAnswersAsync(http, document);
        await FloodAnswersAsync(floodHttp, document);
        var verdict = await ContractRecorder.ValidateAsync(document, recorder.Exchanges.Concat(flooded.Exchanges));

        Assert.True((int)verdict["checked"]! > 120, $"only {verdict["checked"]} answers recorded: the run is broken");
        Assert.True(verdict["failures"]!.AsArray().Count == 0, "Answers the document does not describe:\n" + string.Join("\n", verdict["failures"]!.AsArray()));
        Assert.True(verdict["uncovered"]!.AsArray().Count == 0, "Documented answers never seen:\n" + string.Join("\n", verdict["uncovered"]!.AsArray()));
    }

    /// <summary>What the security and body middlewares answer, for every operation that lists it.</summary>
    private static async Task MiddlewareAnswersAsync(HttpClient http, JsonNode document)
    {
        foreach (var (method, path, responses) in Operations(document))
        {
            var url = path.Replace("{id}", "x", StringComparison.Ordinal).Replace("{refundId}", "x", StringComparison.Ordinal)
                .Replace("{terminalId}", "x", StringComparison.Ordinal);
            var statuses = responses.Select(r => r.Key).ToHashSet();
            if (statuses.Contains("401"))
            {
                await SendAsync(http, method, url, Json("{}"), ContractRecorder.NoKey, "1");
            }
            if ((string?)responses["403"]?["description"] is { } forbidden)
            {
                if (forbidden.Contains("loopback_only", StringComparison.Ordinal))
                {
                    await SendAsync(http, method, url, Json("{}"), RemoteAddressFromHeader.Header, "192.168.1.50");
                }
                if (forbidden.Contains("cross_site_request", StringComparison.Ordinal))
                {
                    await SendAsync(http, method, url, Json("{}"), "Origin", "https://evil.example");
                }
            }
            if (statuses.Contains("413"))
            {
                await SendAsync(http, method, url, Json($$"""{"description":"{{new string('x', 20_000)}}"}"""));
            }
            if (statuses.Contains("415"))
            {
                await SendAsync(http, method, url, new StringContent("amount=10", Encoding.UTF8, "text/plain"));
            }
        }
    }

    /// <summary>429 from a gateway whose flood limiter allows one request a second.</summary>
    private static async Task FloodAnswersAsync(HttpClient http, JsonNode document)
    {
        foreach (var (method, path, responses) in Operations(document).Where(o => o.Responses.ContainsKey("429")))
        {
            var url = path.Replace("{id}", "x", StringComparison.Ordinal).Replace("{refundId}", "x", StringComparison.Ordinal)
                .Replace("{terminalId}", "x", StringComparison.Ordinal);
            for (var i = 0; i < 5 && (await SendAsync(http, method, url, null)).StatusCode != HttpStatusCode.TooManyRequests; i++)
            {
            }
        }
    }

    private static IEnumerable<(string Method, string Path, JsonObject Responses)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()
            .Where(o => o.Key is "get" or "put" or "post" or "delete")
            .Select(o => (o.Key.ToUpperInvariant(), p.Key, o.Value!["responses"]!.AsObject())));

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string method, string url, HttpContent? body,
        string? header = null, string? value = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT")
        {
            request.Content = body;
        }
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }
        return await http.SendAsync(request);
    }
}
