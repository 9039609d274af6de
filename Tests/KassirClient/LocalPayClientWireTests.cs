using global::KassirClient;
using Tests.Support;
using WebMoneyContract;

namespace Tests.KassirClient;

/// <summary>
/// What the client puts on the wire and how it treats the gateway's flood limiter, against the real gateway
/// and emulator: a W3C <c>traceparent</c> on every request, and a 429 waited out after its Retry-After.
/// </summary>
public sealed class LocalPayClientWireTests(FakeClockEmulatorFixture emulator) : IClassFixture<FakeClockEmulatorFixture>
{
    [Fact]
    public async Task Pay_EveryRequestCarriesATraceparent_OneTracePerPay()
    {
        await using var real = KassirGateway.Start(emulator);
        using var pos = new PosClient(real.BaseAddress);

        var first = await PayAndSettleAsync(real, pos.Client);
        var firstCalls = pos.Wire.Calls.ToList();
        await PayAndSettleAsync(real, pos.Client);
        var secondCalls = pos.Wire.Calls.Skip(firstCalls.Count).ToList();

        Assert.Equal(PaymentOutcome.Paid, first.Outcome);
        Assert.All(pos.Wire.Calls, c => Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", c.TraceParent));
        Assert.True(firstCalls.Count >= 2, "a create and at least one long-poll");
        Assert.Single(firstCalls.Select(c => TraceId(c.TraceParent)).Distinct());
        Assert.Equal(firstCalls.Count, firstCalls.Select(c => c.TraceParent).Distinct().Count());
        Assert.NotEqual(TraceId(firstCalls[0].TraceParent), TraceId(secondCalls[0].TraceParent));
    }

    [Fact]
    public async Task Pay_GatewayFloodLimiterAnswers429_WaitsRetryAfterAndPaysWithOnePayment()
    {
        var counts = new EmulatorBaseline(emulator);
        await using var real = KassirGateway.Start(emulator, f => f.Config("Security:Burst", "1").Config("Security:RequestsPerSecond", "1"));
        using var pos = new PosClient(real.BaseAddress);
        using (var flood = new HttpClient { BaseAddress = real.BaseAddress })
        {
            // Takes the bucket's only token, so the POS's create meets the limiter.
            (await flood.GetAsync("/payment-types")).Dispose();
        }

        var result = await PayAndSettleAsync(real, pos.Client);

        var creates = pos.Wire.Creates;
        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.Equal([429, 201], creates.Select(c => c.Status ?? 0).ToArray());
        Assert.True(creates[1].At - creates[0].At >= TimeSpan.FromSeconds(0.9), "the retry waited for Retry-After: 1");
        Assert.Equal(1, counts.Calls(PosApi.CreateQrPayment));
    }

    private static async Task<PaymentResult> PayAndSettleAsync(GatewayHarness real, LocalPayClient client)
    {
        var paid = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pay = client.PayAsync(TestClients.Request(), qr => paid.TrySetResult(qr.PaymentId));
        var paymentId = await paid.Task.WaitAsync(TimeSpan.FromSeconds(30));
        real.PayAtWebMoney(paymentId);
        return await real.AdvanceUntilAsync(pay, maxSeconds: 60);
    }

    private static string TraceId(string traceParent) => traceParent.Split('-')[1];
}
