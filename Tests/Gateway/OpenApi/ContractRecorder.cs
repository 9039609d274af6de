using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tests.Gateway.OpenApi;

/// <summary>
/// Records every answer a test's HttpClient receives (status, headers, media type, body) for the external validator
/// of <see cref="OpenApiContractRunTests"/>, and sends the API key unless the request says <see cref="NoKey"/>.
/// </summary>
public sealed class ContractRecorder(string apiKey) : DelegatingHandler
{
    public const string NoKey = "X-Contract-No-Key";

    private static readonly SemaphoreSlim Install = new(1, 1);

    public List<JsonObject> Exchanges { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.Remove(NoKey) && !request.Headers.Contains("X-Api-Key"))
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        var text = mediaType.Contains("json", StringComparison.Ordinal) || mediaType.StartsWith("text/", StringComparison.Ordinal)
            || mediaType.EndsWith("+xml", StringComparison.Ordinal);
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name.ToLowerInvariant()] = string.Join(", ", values);
        }
        lock (Exchanges)
        {
            Exchanges.Add(new JsonObject
            {
                ["method"] = request.Method.Method,
                ["path"] = request.RequestUri!.PathAndQuery,
                ["status"] = (int)response.StatusCode,
                ["contentType"] = response.Content.Headers.ContentType?.ToString(),
                ["headers"] = headers,
                ["body"] = bytes.Length == 0 ? null : text ? Encoding.UTF8.GetString(bytes) : Convert.ToBase64String(bytes),
            });
        }
        return response;
    }

    /// <summary>Runs contract/validate.cjs (npm ci first on a clean clone) and returns its verdict.</summary>
    public static async Task<JsonObject> ValidateAsync(JsonNode document, IEnumerable<JsonObject> exchanges)
    {
        var folder = Path.Combine(OpenApiDocumentTests.RepositoryRoot(), "Tests", "Gateway", "OpenApi", "contract");
        // One install at a time: npm ci empties node_modules first, and test classes run in parallel.
        await Install.WaitAsync();
        try
        {
            if (!Directory.Exists(Path.Combine(folder, "node_modules")))
            {
                var (code, output) = await RunAsync("npm", "ci --no-audit --no-fund", folder);
                Assert.True(code == 0, $"npm ci in {folder} failed (node and npm are needed; .ci/run installs them):\n{output}");
            }
        }
        finally
        {
            Install.Release();
        }
        var work = Directory.CreateTempSubdirectory("contract-run").FullName;
        try
        {
            var documentFile = Path.Combine(work, "swagger.json");
            var exchangesFile = Path.Combine(work, "exchanges.json");
            await File.WriteAllTextAsync(documentFile, document.ToJsonString());
            await File.WriteAllTextAsync(exchangesFile, new JsonArray([.. exchanges.Select(e => e.DeepClone())]).ToJsonString());
            var (exit, verdict) = await RunAsync("node", $"validate.cjs \"{documentFile}\" \"{exchangesFile}\"", folder);
            Assert.True(exit == 0, verdict);
            return JsonNode.Parse(verdict)!.AsObject();
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string arguments, string folder)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
