using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tests.Support;

namespace Tests.Security;

/// <summary>
/// The agent key, the certificate password, wrong ones an administrator typed, and the API key never show in any log line
/// (Debug level) or any answer, through a whole flow against the real emulator and every error path.
/// </summary>
public sealed class SecretsTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly TempDirectory _settings = SettingsTamperingTests.CopyOf(emulator.BundleDirectory);
    private readonly List<string> _answers = [];

    public void Dispose() => _settings.Dispose();

    [Fact]
    public async Task WholeFlowAndEveryErrorPath_NeverShowASecret_InLogsOrAnswers()
    {
        var (agentKey, password) = (Bundle.Secrets(_settings.Path)[0], Bundle.Secrets(_settings.Path)[1]);
        var wrongKey = "wrong-agent-key-" + Guid.NewGuid().ToString("N");
        var wrongPassword = "wrong-pfx-password-" + Guid.NewGuid().ToString("N");
        var rejectedKey = "rejected-agent-key-" + Guid.NewGuid().ToString("N");
        var apiKey = "api-key-" + Guid.NewGuid().ToString("N");
        using var factory = new GatewayHarness().UseSettingsDirectory(_settings.Path).Config("Gateway:ApiKey", apiKey)
            .Config("Logging:LogLevel:Default", "Debug").Config("Logging:LogLevel:Microsoft.AspNetCore", "Debug");
        using var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);

        // Paid, after two unreadable status answers.
        var paid = await CreateAsync(http, "sec-paid");
        await emulator.FaultAsync("GetPaymentStatus", "garbage", 2);
        await ActAsync(paid, "pay");
        var paidStatus = await WaitFinalAsync(http, paid);
        // Declined by the customer's bank.
        var declined = await CreateAsync(http, "sec-declined");
        await ActAsync(declined, "decline");
        var declinedStatus = await WaitFinalAsync(http, declined);
        // SOAP faults until the create gives up: 502 webmoney_unavailable.
        await emulator.FaultAsync("CreateQrPayment", "soapFault", 20);
        await SendAsync(http, HttpMethod.Post, "/payments", new { amount = 10m, paymentSystem = "sbp", terminalId = "sec-fault" });
        (await emulator.Control.DeleteAsync("/emulator/faults")).EnsureSuccessStatusCode();
        // Cancel meeting an HTTP 500.
        var cancelled = await CreateAsync(http, "sec-cancel");
        await emulator.FaultAsync("CancelPayment", "http500", 1);
        await SendAsync(http, HttpMethod.Post, $"/payments/{cancelled}/cancel", null);
        // Settings PUTs that are refused, each carrying a secret.
        await SendAsync(http, HttpMethod.Put, "/settings", new { timeoutSeconds = -1, agentKey = rejectedKey });
        await SendAsync(http, HttpMethod.Put, "/settings", new { agentKey = "x\n" + rejectedKey });
        await SendAsync(http, HttpMethod.Put, "/settings", new { certificatePassword = " " + rejectedKey });
        await SendAsync(http, HttpMethod.Put, "/settings", new { serverAddress = "http://dev.runpay.com", agentKey = rejectedKey });
        // A wrong agent key: WebMoney refuses the signature (502 webmoney_rejected).
        await SendAsync(http, HttpMethod.Put, "/settings", new { agentKey = wrongKey });
        var refusal = await SendAsync(http, HttpMethod.Post, "/payments", new { amount = 10m, paymentSystem = "sbp", terminalId = "sec-refused" });
        // The admin console's «Проверить связь» with that key: the signature is named, the key is not.
        var check = await SendAsync(http, HttpMethod.Post, "/settings/connection-check", null);
        // A certificate upload with a wrong password, then with a wrong password typed for the current file.
        using (var upload = new MultipartFormDataContent())
        {
            upload.Add(new ByteArrayContent(File.ReadAllBytes(Directory.GetFiles(_settings.Path, "*.pfx")[0])), "certificate", "N100.pfx");
            upload.Add(new StringContent(rejectedKey), "certificatePassword");
            await SendAsync(http, HttpMethod.Put, "/settings/certificate", upload);
        }
        // A wrong certificate password: 503 not_configured, readiness 503.
        await SendAsync(http, HttpMethod.Put, "/settings", new { agentKey, certificatePassword = wrongPassword });
        var notConfigured = await SendAsync(http, HttpMethod.Post, "/payments", new { amount = 10m, paymentSystem = "sbp", terminalId = "sec-nocert" });
        var notReady = await SendAsync(http, HttpMethod.Get, "/health/ready", null);
        await SendAsync(http, HttpMethod.Put, "/settings", new { certificatePassword = password });
        // Everything an administrator or a program can read.
        foreach (var path in new[] { "/settings", "/settings/payment-types", "/health/ready", "/health/live", "/swagger/v1/swagger.json",
                     "/payments?limit=200", $"/payments/{paid}", "/payments/unknown", "/payment-types",
                     $"/payments/{paid}/events", $"/payments/{paid}/refunds", "/refunds?attention=true", "/metrics",
                     "/admin", "/admin/admin.js" })
        {
            await SendAsync(http, HttpMethod.Get, path, null);
        }
        await SendAsync(http, HttpMethod.Post, $"/payments/{paid}/refunds", new { amount = 1m, reason = "возврат" });
        await SendAsync(http, HttpMethod.Post, "/payments", "{not json");
        using (var guesser = factory.CreateClient())
        {
            guesser.DefaultRequestHeaders.Add("X-Api-Key", apiKey[..^1]);
            await SendAsync(guesser, HttpMethod.Get, "/payments", null);
        }
        var records = factory.Logs.GetSnapshot();
        var logs = records
            .Select(r => string.Join(" | ", r.Category, r.Message, r.Exception?.ToString(),
                string.Join(";", r.StructuredState?.Select(kv => $"{kv.Key}={kv.Value}") ?? [])))
            .ToList();

        Assert.Equal("paid", paidStatus);
        Assert.Equal("declined", declinedStatus);
        Assert.Contains("webmoney_rejected", refusal, StringComparison.Ordinal);
        Assert.StartsWith("200", check, StringComparison.Ordinal);
        Assert.Contains("not_configured", notConfigured, StringComparison.Ordinal);
        Assert.StartsWith("503", notReady, StringComparison.Ordinal);
        Assert.Contains(records, r => r.Level == Microsoft.Extensions.Logging.LogLevel.Debug);
        Assert.True(logs.Count > 100, $"only {logs.Count} log lines were captured");
        foreach (var secret in new[] { agentKey, password, wrongKey, wrongPassword, rejectedKey, apiKey[..^1] })
        {
            Assert.DoesNotContain(logs, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(_answers, answer => answer.Contains(secret, StringComparison.Ordinal));
        }
    }

    private async Task<string> CreateAsync(HttpClient http, string terminal)
    {
        var answer = await SendAsync(http, HttpMethod.Post, "/payments", new { amount = 123.45m, paymentSystem = "sbp", terminalId = terminal });
        Assert.StartsWith("201", answer, StringComparison.Ordinal);
        return JsonDocument.Parse(answer[answer.IndexOf('{', StringComparison.Ordinal)..]).RootElement.GetProperty("id").GetString()!;
    }

    private async Task ActAsync(string paymentId, string action)
    {
        var transaction = (await emulator.TransactionOfAsync(paymentId))!.Value;
        await emulator.ActAsync(transaction.GetProperty("transactionId").GetString()!, action);
    }

    private async Task<string> WaitFinalAsync(HttpClient http, string paymentId)
    {
        var answer = await SendAsync(http, HttpMethod.Get, $"/payments/{paymentId}?waitSeconds=20", null);
        return JsonDocument.Parse(answer[answer.IndexOf('{', StringComparison.Ordinal)..]).RootElement.GetProperty("status").GetString()!;
    }

    /// <summary>Status, headers and body as one text, kept for the final check.</summary>
    private async Task<string> SendAsync(HttpClient http, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is string raw)
        {
            request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        }
        else if (body is HttpContent content)
        {
            request.Content = content;
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await http.SendAsync(request);
        var text = $"{(int)response.StatusCode} {response.Headers} {response.Content.Headers}\n{await response.Content.ReadAsStringAsync()}";
        _answers.Add(text);
        return text;
    }
}
