using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Gateway.Observability;
using Gateway.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tests.Support;

namespace Tests.Gateway.Observability;

/// <summary>Spans and log scopes of one payment operation, through the real emulator.</summary>
[Collection(ObservabilityCollection.Name)]
public sealed class TracingTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly GatewayHarness _factory;
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public TracingTests(EmulatorFixture emulator)
    {
        _factory = new GatewayHarness().UseEmulatorSettings(emulator)
            .Config("Logging:LogLevel:Gateway.Payments", "Debug");
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Microsoft.AspNetCore" or GatewayActivity.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task Create_TheWebMoneyCallSpan_IsAChildOfTheRequestSpan()
    {
        var http = _factory.CreateClient();

        using var response = await http.PostAsJsonAsync("/payments", new { amount = 10.00m, paymentTypeCode = 5, terminalId = "trace-child" });
        var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var call = Assert.Single(_stopped, a => a.OperationName == "WebMoney CreateQrPayment" && a.GetTagItem("localpay.payment_id") as string == id);
        await Eventually(() => _stopped.Any(a => a.SpanId == call.ParentSpanId));
        var request = _stopped.Single(a => a.SpanId == call.ParentSpanId);
        Assert.Equal("Microsoft.AspNetCore", request.Source.Name);
        Assert.Equal("Microsoft.AspNetCore.Hosting.HttpRequestIn", request.OperationName);
        Assert.Equal(ActivityKind.Client, call.Kind);
        Assert.Equal("success", call.GetTagItem("localpay.outcome"));
    }

    [Fact]
    public async Task Create_WithThePosTraceparent_TheRequestSpanContinuesThePosTrace()
    {
        // Over a real socket, from a client that adds no span of its own: the POS's span is the direct parent.
        _factory.ListenOn();
        using var http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = _factory.BaseAddress };
        var traceId = ActivityTraceId.CreateRandom();
        var posSpan = ActivitySpanId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/payments")
        {
            Content = JsonContent.Create(new { amount = 10.00m, paymentTypeCode = 5, terminalId = "trace-pos" }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{posSpan}-01");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // The emulator (an ASP.NET Core app in this process) continues the trace too, below the WebMoney call.
        await Eventually(() => _stopped.Any(a => a.Source.Name == "Microsoft.AspNetCore" && a.ParentSpanId == posSpan));
        var server = Assert.Single(_stopped, a => a.Source.Name == "Microsoft.AspNetCore" && a.ParentSpanId == posSpan);
        var call = Assert.Single(_stopped, a => a.OperationName == "WebMoney CreateQrPayment" && a.TraceId == traceId);
        Assert.Equal(traceId, server.TraceId);
        Assert.Equal(server.SpanId, call.ParentSpanId);
    }

    [Fact]
    public async Task Poll_LogLinesAboutAPayment_CarryItsIdTerminalAndTransactionAsScope()
    {
        var http = _factory.CreateClient();
        using var response = await http.PostAsJsonAsync("/payments", new { amount = 10.00m, paymentTypeCode = 5, terminalId = "trace-scope" });
        var created = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        var transactionId = created.GetProperty("transactionId").GetString()!;

        await Eventually(() => PollLines(id).Count > 0);
        var cancelled = await http.PostAsync($"/payments/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var lines = _factory.Logs.GetSnapshot().Where(r => r.Category == "Gateway.Payments.PaymentProcessor" && r.Message.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, line =>
        {
            var scope = Assert.Single(line.Scopes.OfType<PaymentLogScope>());
            Assert.Equal(id, scope.PaymentId);
            Assert.Equal("trace-scope", scope.TerminalId);
            Assert.Equal(transactionId, scope.TransactionId);
        });
        Assert.Contains(PollLines(id), line => line.Scopes.OfType<PaymentLogScope>().Any());
    }

    private List<Microsoft.Extensions.Logging.Testing.FakeLogRecord> PollLines(string id) =>
        [.. _factory.Logs.GetSnapshot().Where(r => r.Category == "Gateway.Payments.PaymentProcessor"
            && r.Message.Contains(id, StringComparison.Ordinal) && r.Message.Contains("GetPaymentStatus", StringComparison.Ordinal))];

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50);
        }
        Assert.True(condition());
    }
}
