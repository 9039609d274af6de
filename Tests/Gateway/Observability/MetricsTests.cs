using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tests.Gateway.Display;
using Tests.Support;

namespace Tests.Gateway.Observability;

/// <summary>/metrics as Prometheus scrapes it, after real payments through the emulator.</summary>
[Collection(ObservabilityCollection.Name)]
public sealed partial class MetricsTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly GatewayHarness _factory = new GatewayHarness().UseEmulatorSettings(emulator);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Metrics_AfterAPaidAndADeclinedPayment_ShowTheCountsByStatusAndSystem()
    {
        var http = _factory.CreateClient();
        var paid = await CreateAsync(http, "metrics-paid", code: 5);
        var declined = await CreateAsync(http, "metrics-declined", code: 7);

        await ActAsync(paid, "pay");
        await ActAsync(declined, "decline");
        Assert.Equal("paid", (await http.WaitPaymentFinalAsync(paid)).GetProperty("status").GetString());
        Assert.Equal("declined", (await http.WaitPaymentFinalAsync(declined)).GetProperty("status").GetString());
        var text = await http.GetStringAsync("/metrics");

        Assert.Equal(2, Value(text, "localpay_payments_created_total"));
        Assert.Equal(1, Value(text, "localpay_payments_completed_total", "payment_system=\"sbp\"", "status=\"paid\""));
        Assert.Equal(1, Value(text, "localpay_payments_completed_total", "payment_system=\"weChat\"", "status=\"declined\""));
        Assert.Equal(2, Value(text, "localpay_webmoney_calls_total", "operation=\"CreateQrPayment\"", "outcome=\"success\""));
        Assert.Equal(2, Value(text, "localpay_webmoney_call_duration_seconds_count", "operation=\"CreateQrPayment\"", "outcome=\"success\""));
        Assert.True(Value(text, "localpay_journal_commit_duration_seconds_count") >= 4, "the creates and the endings were committed");
        Assert.True(Value(text, "localpay_poll_lateness_seconds_count") >= 2, "both payments were polled");
        Assert.Equal(0, Value(text, "localpay_payments_pending"));
    }

    [Fact]
    public async Task Metrics_APaymentWaitingForTheCustomer_IsPendingWithItsAge()
    {
        var http = _factory.CreateClient();
        await CreateAsync(http, "metrics-pending", code: 5);

        var text = await http.GetStringAsync("/metrics");

        Assert.Equal(1, Value(text, "localpay_payments_pending"));
        Assert.Contains("localpay_payments_oldest_pending_age_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_FromTheLanDisplayListener_AreRefused()
    {
        await using var lan = DisplayHarness.StartWithLanListener();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(lan.DisplayUrl(), "/metrics"));
        request.Headers.Host = "kassa-display.lan";

        using var response = await http.SendAsync(request);
        using var local = await http.GetAsync(new Uri(lan.BaseAddress, "/metrics"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
    }

    [Fact]
    public async Task OtlpEndpointSet_CollectorUnreachable_PaymentsAndMetricsGoOn()
    {
        using var factory = new GatewayHarness().UseScriptedWebMoney().Config("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9");
        var http = factory.CreateClient();

        using var created = await http.PostAsJsonAsync("/payments", new { amount = 10.00m, paymentTypeCode = 5, terminalId = "otlp" });
        var text = await http.GetStringAsync("/metrics");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(1, Value(text, "localpay_payments_created_total"));
    }

    private static async Task<string> CreateAsync(HttpClient http, string terminal, int code)
    {
        using var response = await http.PostAsJsonAsync("/payments", new { amount = 10.00m, paymentTypeCode = code, terminalId = terminal });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task ActAsync(string paymentId, string action)
    {
        var transaction = (await emulator.TransactionOfAsync(paymentId))!.Value;
        await emulator.ActAsync(transaction.GetProperty("transactionId").GetString()!, action);
    }

    /// <summary>The sum of the samples of <paramref name="metric"/> whose labels include every one of <paramref name="labels"/>.</summary>
    private static double Value(string exposition, string metric, params string[] labels)
    {
        var samples = Sample().Matches(exposition)
            .Where(m => m.Groups["name"].Value == metric && labels.All(l => m.Groups["labels"].Value.Contains(l, StringComparison.Ordinal)))
            .ToList();
        Assert.True(samples.Count > 0, $"no sample of {metric} {string.Join(',', labels)} in:\n{exposition}");
        return samples.Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
