using System.Collections.Concurrent;
using System.Diagnostics;
using global::KassirClient;
using WebMoneyContract;

namespace Tests.KassirClient;

/// <summary>
/// What the client puts on the wire and how it treats the gateway's flood limiter, against the real gateway
/// and emulator: a W3C <c>traceparent</c> on every request, and a 429 waited out after its Retry-After.
/// </summary>
public sealed class LocalPayClientWireTests
{
    [Fact]
    public async Task Pay_EveryRequestCarriesATraceparent_OneTracePerPay()
    {
        await using var real = await RealGateway.StartAsync();
        var wire = new RecordingHandler();
        using var http = new HttpClient(wire);
        using var client = new LocalPayClient(TestClients.Options(real.BaseAddress), http);

        var first = await PayAndSettleAsync(real, client);
        var firstCalls = wire.Calls.ToList();
        await PayAndSettleAsync(real, client);
        var secondCalls = wire.Calls.Skip(firstCalls.Count).ToList();

        Assert.Equal(PaymentOutcome.Paid, first.Outcome);
        Assert.All(wire.Calls, c => Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", c.TraceParent));
        Assert.True(firstCalls.Count >= 2, "a create and at least one long-poll");
        Assert.Single(firstCalls.Select(c => TraceId(c.TraceParent)).Distinct());
        Assert.Equal(firstCalls.Count, firstCalls.Select(c => c.TraceParent).Distinct().Count());
        Assert.NotEqual(TraceId(firstCalls[0].TraceParent), TraceId(secondCalls[0].TraceParent));
    }

    [Fact]
    public async Task Pay_GatewayFloodLimiterAnswers429_WaitsRetryAfterAndPaysWithOnePayment()
    {
        await using var real = await RealGateway.StartAsync(f => f.Config("Security:Burst", "1").Config("Security:RequestsPerSecond", "1"));
        var wire = new RecordingHandler();
        using var http = new HttpClient(wire);
        using var client = new LocalPayClient(TestClients.Options(real.BaseAddress), http);
        using (var flood = new HttpClient { BaseAddress = real.BaseAddress })
        {
            // Takes the bucket's only token, so the POS's create meets the limiter.
            (await flood.GetAsync("/payment-types")).Dispose();
        }

        var result = await PayAndSettleAsync(real, client);

        var creates = wire.Calls.Where(c => c.Method == "POST" && c.Path == "/payments").ToList();
        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.Equal([429, 201], creates.Select(c => c.Status).ToArray());
        Assert.True(creates[1].At - creates[0].At >= TimeSpan.FromSeconds(0.9), "the retry waited for Retry-After: 1");
        Assert.Equal(1, real.EmulatorCalls(PosApi.CreateQrPayment));
    }

    private static async Task<PaymentResult> PayAndSettleAsync(RealGateway real, LocalPayClient client)
    {
        var paid = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pay = client.PayAsync(TestClients.Request(), qr => paid.TrySetResult(qr.PaymentId));
        var paymentId = await paid.Task.WaitAsync(TimeSpan.FromSeconds(30));
        real.Emulator.Pay(real.TransactionOf(paymentId), out _);
        return await real.AdvanceUntilAsync(pay, maxSeconds: 60);
    }

    private static string TraceId(string traceParent) => traceParent.Split('-')[1];

    private sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler { UseProxy = false })
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();

        public ConcurrentQueue<Call> Calls { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var at = clock.Elapsed;
            var traceParent = request.Headers.TryGetValues("traceparent", out var values) ? string.Join(",", values) : "";
            var response = await base.SendAsync(request, cancellationToken);
            Calls.Enqueue(new Call(request.Method.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode, traceParent, at));
            return response;
        }
    }

    private sealed record Call(string Method, string Path, int Status, string TraceParent, TimeSpan At);
}
