using System.Diagnostics;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Reliability;

/// <summary>
/// A store-server node stopped gracefully (SIGTERM: an update, a service restart) hands its work over at once: the other
/// node takes its pending payment on its next lease pass instead of waiting out a whole lease (SPEC §14). Two real
/// gateway processes on one PostgreSQL database, with a lease long enough (30 s) that waiting it out would show.
/// </summary>
public sealed class TwoNodesHandOverTests(EmulatorFixture emulator, PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<EmulatorFixture>, IClassFixture<PostgresDatabase>
{
    private const double LeaseSeconds = 30;

    [Fact]
    public async Task NodeStoppedGracefully_OtherNodeTakesItsPaymentWellBeforeTheLeaseRunsOut_ReportsItPaid()
    {
        using var nodes = new GatewayNodes(emulator, database.ConnectionString) { LeaseSeconds = LeaseSeconds };
        await nodes.StartTogetherAsync(2);
        var (id, transactionId) = await nodes.Client(0).CreatePaymentAsync("handover-paid");
        var b = nodes.Client(1);

        await nodes.StopAsync(0);
        var sinceStop = Stopwatch.StartNew();
        await emulator.ActAsync(transactionId, "pay"); // the customer pays while node A is down
        var paid = await Eventually.TrueAsync(async () => (await b.GetPaymentAsync(id)).GetProperty("status").GetString() == "paid",
            TimeSpan.FromSeconds(LeaseSeconds), 100);
        var took = sinceStop.Elapsed;

        output.WriteLine($"node B reported the payment paid {took.TotalSeconds:0.00} s after node A stopped (lease {LeaseSeconds} s)");
        Assert.True(paid, "node B never reported the payment paid");
        // A third of the lease is the other node's longest sleep between passes, and a poll (0.2 s) and the machine's slack.
        Assert.True(took < TimeSpan.FromSeconds(LeaseSeconds / 3 + 5),
            $"node B took {took.TotalSeconds:0.0} s: the stopped node's lease was waited out, not handed over");
    }
}
