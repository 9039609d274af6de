using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Tests.Support;
using WebMoneyContract;
using Xunit.Abstractions;

namespace Tests.Reliability;

/// <summary>
/// SPEC §14 failure scenarios with two real gateway processes (<see cref="GatewayNodes"/>: node-A, node-B, poll 0.2 s,
/// lease 3 s) on one PostgreSQL database against the in-process emulator: a node killed with SIGKILL mid-payment, the
/// database stopped and started again under both nodes, and (<c>TwoNodesChaosTests.KillLoop.cs</c>) the kill -9 loop
/// of <see cref="KillTests"/> against two nodes.
/// </summary>
public sealed partial class TwoNodesChaosTests(EmulatorFixture emulator, PostgresDatabase database, ITestOutputHelper output)
    : IClassFixture<EmulatorFixture>, IClassFixture<PostgresDatabase>
{
    /// <summary>What a loaded 2-core machine may add to any bound measured here (a process, a poll, a commit late).</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task NodeKilledMidPayment_OtherNodeAdoptsItWithinTheLease_ReportsItPaid_DeadlineNotRestarted()
    {
        UseTimeoutSeconds(20);
        using var nodes = new GatewayNodes(emulator, database.ConnectionString);
        await nodes.StartTogetherAsync(2);
        var (a, b) = (nodes.Client(0), nodes.Client(1));
        var toPay = await a.PostPaymentAsync("chaos-adopt-paid");
        var toExpire = await a.PostPaymentAsync("chaos-adopt-expire");
        // Mid-payment: A has polled them for about three seconds (15 "waiting" answers at 0.2 s).
        await a.WaitForWaitingAnswersAsync(Id(toExpire), 15);
        var ownerBefore = await LeaseOwnerAsync(database.ConnectionString, Id(toPay));

        nodes.Kill(0);
        var killedAt = TimeProvider.System.GetUtcNow();
        var sinceKill = Stopwatch.StartNew();
        emulator.Host.Pay(TransactionId(toPay), out _); // the customer pays while nobody works the payment
        var paidOnB = await b.WaitPaymentAsync(Id(toPay), "paid");
        var paidAfter = sinceKill.Elapsed;
        var ownerAfter = await LeaseOwnerAsync(database.ConnectionString, Id(toExpire));
        var expiredOnB = await b.WaitPaymentAsync(Id(toExpire), "timedOut");

        output.WriteLine($"node B reported the payment paid {paidAfter.TotalSeconds:0.00} s after node A was killed");
        var bound = TimeSpan.FromSeconds(nodes.LeaseSeconds + nodes.PollSeconds); // SPEC §14
        Assert.Equal("node-A", ownerBefore);
        Assert.Equal("node-B", ownerAfter);
        Assert.True(paidAfter <= bound + Slack,
            $"paid through B {paidAfter.TotalSeconds:0.00} s after the kill: not adopted within LeaseSeconds plus a poll ({bound.TotalSeconds:0.0} s, + {Slack.TotalSeconds} s for the machine)");
        Assert.Equal(Deadline(toPay), Deadline(paidOnB));
        Assert.Equal(Deadline(toExpire), Deadline(expiredOnB));
        // Had the adoption (after the kill) started a new deadline, it would have ended no sooner than this.
        var completedAt = expiredOnB.GetProperty("completedAt").GetDateTimeOffset();
        Assert.InRange(completedAt, Deadline(toExpire), Deadline(toExpire) + (killedAt - toExpire.GetProperty("createdAt").GetDateTimeOffset()));
        Assert.False(expiredOnB.GetProperty("unresolved").GetBoolean(), expiredOnB.ToString());
        Assert.Equal(WireStatus.Cancelled, await emulator.StatusAtWebMoneyAsync(Id(toExpire)));
        Assert.Equal("paid", (await b.GetPaymentAsync(Id(toPay))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task DatabaseStoppedAndStarted_BothNodes503JournalUnavailable_NothingSent_BackByThemselves_PendingEndPaid()
    {
        UseTimeoutSeconds(120);
        await using var cluster = await PostgresCluster.StartAsync();
        var connectionString = await cluster.CreateDatabaseAsync("two_nodes_outage");
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using var nodes = new GatewayNodes(emulator, connectionString);
        await nodes.StartTogetherAsync(2);
        var clients = new[] { nodes.Client(0), nodes.Client(1) };
        var paidDuring = await clients[0].PostPaymentAsync("outage-during");
        var paidAfter = await clients[1].PostPaymentAsync("outage-after");
        await cluster.StopServerAsync();
        var createsBefore = await emulator.StatsAsync(PosApi.CreateQrPayment);

        var ready = new List<(HttpStatusCode Status, string Body)>();
        var refused = new List<(HttpStatusCode Status, JsonElement Problem)>();
        foreach (var client in clients)
        {
            var readiness = await client.GetAsync("/health/ready");
            ready.Add((readiness.StatusCode, await readiness.Content.ReadAsStringAsync()));
            var create = await client.PostAsJsonAsync("/payments", new { amount = 10m, paymentSystem = "sbp", terminalId = "outage-refused" });
            refused.Add((create.StatusCode, await create.Content.ReadFromJsonAsync<JsonElement>()));
        }
        emulator.Host.Pay(TransactionId(paidDuring), out _); // the customer pays while the journal is unreachable
        var createsWhileDown = await emulator.StatsAsync(PosApi.CreateQrPayment);

        Assert.All(ready, r =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.Status);
            Assert.Contains($"PostgreSQL 127.0.0.1:{cluster.Port}/{name}", r.Body, StringComparison.Ordinal);
        });
        Assert.All(refused, r =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.Status);
            Assert.Equal("journal_unavailable", r.Problem.GetProperty("code").GetString());
        });
        Assert.Equal(createsBefore, createsWhileDown);

        await cluster.StartServerAsync();

        foreach (var (client, node) in clients.Select((c, i) => (c, i)))
        {
            Assert.True(await Eventually.TrueAsync(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), 100),
                $"node {GatewayNodes.NodeId(node)} did not come back by itself:{Environment.NewLine}{nodes.LogTail(node)}");
        }
        emulator.Host.Pay(TransactionId(paidAfter), out _);
        foreach (var client in clients)
        {
            await client.WaitPaymentAsync(Id(paidDuring), "paid");
            await client.WaitPaymentAsync(Id(paidAfter), "paid");
        }
        var createdAfter = new[] { await clients[0].PostPaymentAsync("outage-new-a"), await clients[1].PostPaymentAsync("outage-new-b") };
        Assert.All(createdAfter, p => Assert.Equal("pending", p.GetProperty("status").GetString()));
        Assert.Equal(0L, await CountAsync(connectionString, "SELECT COUNT(*) FROM payments WHERE terminal_id = 'outage-refused'"));
    }

    /// <summary>TimeoutSeconds of the bundle the nodes read (set before they start; this class's emulator only).</summary>
    private void UseTimeoutSeconds(int seconds)
    {
        var file = Path.Combine(emulator.BundleDirectory, "WebMoneySettings.txt");
        File.WriteAllLines(file, File.ReadAllLines(file).Select(l =>
            l.StartsWith("TimeoutSeconds=", StringComparison.Ordinal) ? $"TimeoutSeconds={seconds}" : l).ToList());
    }

    private static string Id(JsonElement payment) => payment.GetProperty("id").GetString()!;

    private static string TransactionId(JsonElement payment) => payment.GetProperty("transactionId").GetString()!;

    private static DateTimeOffset Deadline(JsonElement payment) => payment.GetProperty("deadline").GetDateTimeOffset();

    /// <summary>Which node holds the payment's lease (the row's <c>lease_owner</c>).</summary>
    private static async Task<string?> LeaseOwnerAsync(string connectionString, string id)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT lease_owner FROM payments WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync() as string;
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
