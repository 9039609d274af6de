using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;

namespace Tests.Gateway.Storage.PostgreSql;

/// <summary>
/// Two gateway nodes on one PostgreSQL journal through the real path (Program, emulator, database): each works the
/// payments it holds a lease on; a node that dies stops renewing, and the other adopts its work within LeaseSeconds.
/// </summary>
public sealed class PostgreSqlLeaseKeeperTests(EmulatorFixture emulator, PostgresDatabase database)
    : IClassFixture<EmulatorFixture>, IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task NodeDies_ItsPendingPaymentAdoptedByTheOther_SameDeadline_NoSecondCreate_PaidThere()
    {
        await using var nodeA = Node("node-a");
        await using var nodeB = Node("node-b");
        var (httpA, httpB) = (nodeA.CreateClient(), nodeB.CreateClient());
        var (id, transactionId) = await httpA.CreatePaymentAsync("lease-adopt");
        var before = await httpA.GetPaymentAsync(id);
        var creates = await emulator.StatsAsync("CreateQrPayment");
        var polls = await emulator.StatsAsync("GetPaymentStatus");

        await nodeA.StopAsync(); // a crash: no grace, no more renewals
        Assert.True(await Eventually.TrueAsync(() => nodeB.Logs.GetSnapshot().Any(r => r.Message.Contains($"adopts payment {id}", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20)), "node B did not adopt node A's payment");
        Assert.True(await Eventually.TrueAsync(async () => await emulator.StatsAsync("GetPaymentStatus") > polls, TimeSpan.FromSeconds(10)));
        emulator.Host.Pay(transactionId, out _);
        var paid = await httpB.WaitPaymentAsync(id, "paid");

        Assert.Equal(before.GetProperty("deadline").GetString(), paid.GetProperty("deadline").GetString());
        Assert.Equal(creates, await emulator.StatsAsync("CreateQrPayment"));
    }

    [Fact]
    public async Task TwoNodesAlive_ASecondNodeStarting_LeavesTheFirstNodesPaymentToIt()
    {
        // 3 s: renewed every second, so a loaded test machine's late renewal does not let the lease run out.
        await using var nodeA = Node("node-c", leaseSeconds: 3);
        var httpA = nodeA.CreateClient();
        var (id, _) = await httpA.CreatePaymentAsync("lease-keep");

        var leasedUntil = await LeaseUntilAsync(id);

        await using var nodeB = Node("node-d", leaseSeconds: 3);
        nodeB.CreateClient();
        // Until node A has renewed its lease for three more seconds (on the database's clock) with B running.
        Assert.True(await Eventually.TrueAsync(async () => await LeaseUntilAsync(id) - leasedUntil >= TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30)));

        Assert.DoesNotContain(nodeB.Logs.GetSnapshot(), r => r.Message.Contains(id, StringComparison.Ordinal) && r.Message.Contains("adopts", StringComparison.Ordinal));
        Assert.Equal("node-c", await OwnerAsync(id));
    }

    private GatewayHarness Node(string nodeId, int leaseSeconds = 1) =>
        new GatewayHarness { CrashOnStop = true }.UseEmulator(emulator)
            .Config("Gateway:Journal:Provider", "PostgreSql")
            .Config("ConnectionStrings:Journal", database.ConnectionString)
            .Config("Gateway:NodeId", nodeId)
            .Config("Gateway:LeaseSeconds", leaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private async Task<DateTimeOffset> LeaseUntilAsync(string id)
    {
        await using var db = Npgsql.NpgsqlDataSource.Create(database.ConnectionString);
        await using var command = db.CreateCommand("SELECT lease_until FROM payments WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return reader.GetFieldValue<DateTimeOffset>(0);
    }

    private async Task<string?> OwnerAsync(string id)
    {
        await using var db = Npgsql.NpgsqlDataSource.Create(database.ConnectionString);
        await using var command = db.CreateCommand("SELECT lease_owner FROM payments WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return (string?)await command.ExecuteScalarAsync();
    }
}
