using System.Globalization;
using Gateway.Storage.PostgreSql;
using Npgsql;
using Tests.Support;

namespace Tests.Gateway.Storage.PostgreSql;

/// <summary>
/// SPEC §14: a dead node's work is adopted within LeaseSeconds (+ one poll), not at the adopter's next regular pass a
/// third of the lease later: <see cref="PostgreSqlLeaseKeeper"/> wakes just after the earliest lease another node holds.
/// </summary>
public sealed class PostgreSqlLeaseKeeperWakeTests(EmulatorFixture emulator, PostgresDatabase database)
    : IClassFixture<EmulatorFixture>, IClassFixture<PostgresDatabase>
{
    private const int LeaseSeconds = 30; // a pass every 10 s: adopting at the pass would come 9.5 s late

    [Fact]
    public async Task DeadNodesLeaseRunsOutBetweenTwoPasses_AdoptedRightAfterIt_NotAtTheNextPass()
    {
        await using var dead = Node("node-dead");
        var (deadId, _) = await dead.CreateClient().CreatePaymentAsync("wake-dead");
        await dead.StopAsync(); // a crash: no grace, no more renewals
        await using var adopter = Node("node-adopter");
        var (ownId, _) = await adopter.CreateClient().CreatePaymentAsync("wake-own");
        // The adopter's pass renews its own lease: the moment it moves is a pass (the database's clock).
        var created = await LeaseUntilAsync(ownId);
        DateTimeOffset renewed = default;
        Assert.True(await Eventually.TrueAsync(async () => (renewed = await LeaseUntilAsync(ownId)) != created, TimeSpan.FromSeconds(30), 100));
        var pass = renewed - TimeSpan.FromSeconds(LeaseSeconds);
        // The dead node's lease runs out half a second after the adopter's next pass (which sees it still held).
        var expiry = pass + TimeSpan.FromSeconds(LeaseSeconds / 3 + 0.5);
        await ExecuteAsync("UPDATE payments SET lease_until = @until WHERE id = @id", ("until", expiry), ("id", deadId));

        var adopted = await Eventually.TrueAsync(async () => await OwnerAsync(deadId) == "node-adopter", TimeSpan.FromSeconds(2 * LeaseSeconds / 3 + 5), 50);
        var adoptedAt = await DatabaseNowAsync();

        Assert.True(adopted, "not adopted at all");
        Assert.True(adoptedAt - expiry < TimeSpan.FromSeconds(4),
            $"adopted {(adoptedAt - expiry).TotalSeconds:0.0} s after the lease ran out (the next regular pass comes {LeaseSeconds / 3 - 0.5} s after it)");
    }

    [Theory]
    [InlineData(null, 10.0)]      // no other node's lease: the regular pass
    [InlineData(25.0, 10.0)]      // another node's lease runs out after the next pass
    [InlineData(4.0, 4.05)]       // ... before it: just after the expiry
    [InlineData(-2.0, 1.0)]       // already expired (claimed by another node at that moment): not at once again
    public void NextPass_TheRegularPassOrJustAfterTheNextForeignExpiry(double? secondsToExpiry, double expected)
    {
        var next = PostgreSqlLeaseKeeper.NextPass(TimeSpan.FromSeconds(10), secondsToExpiry);

        Assert.Equal(expected, next.TotalSeconds, 3);
    }

    private GatewayHarness Node(string nodeId) =>
        new GatewayHarness { CrashOnStop = true }.UseEmulator(emulator)
            .Config("Gateway:Journal:Provider", "PostgreSql")
            .Config("ConnectionStrings:Journal", database.ConnectionString)
            .Config("Gateway:NodeId", nodeId)
            .Config("Gateway:LeaseSeconds", LeaseSeconds.ToString(CultureInfo.InvariantCulture));

    private async Task<DateTimeOffset> LeaseUntilAsync(string id) =>
        await ScalarAsync<DateTimeOffset>("SELECT lease_until FROM payments WHERE id = @id", ("id", id));

    private async Task<string?> OwnerAsync(string id) =>
        await ScalarAsync<string?>("SELECT lease_owner FROM payments WHERE id = @id", ("id", id));

    private Task<DateTimeOffset> DatabaseNowAsync() => ScalarAsync<DateTimeOffset>("SELECT now()");

    private async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var data = NpgsqlDataSource.Create(database.ConnectionString);
        await using var command = Command(data, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return reader.IsDBNull(0) ? default! : reader.GetFieldValue<T>(0);
    }

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var data = NpgsqlDataSource.Create(database.ConnectionString);
        await using var command = Command(data, sql, parameters);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private static NpgsqlCommand Command(NpgsqlDataSource data, string sql, (string Name, object Value)[] parameters)
    {
        var command = data.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }
}
