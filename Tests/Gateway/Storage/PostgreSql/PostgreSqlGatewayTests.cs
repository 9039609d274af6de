using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Storage.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tests.Support;

namespace Tests.Gateway.Storage.PostgreSql;

/// <summary>
/// The gateway on Gateway:Journal:Provider = PostgreSql through the real path: the real Program, the real emulator,
/// a real PostgreSQL (the run's throwaway cluster; the outage test stops and starts a cluster of its own).
/// </summary>
public sealed class PostgreSqlGatewayTests(EmulatorFixture emulator, PostgresDatabase database)
    : IClassFixture<EmulatorFixture>, IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task PostgreSqlJournal_PaymentPaidThenRefunded_KopecksInTheDatabase_NoSqliteFile()
    {
        await using var gateway = OnPostgreSql(database.ConnectionString);
        var http = gateway.CreateClient();

        var paid = await http.PaidPaymentAsync(emulator, "pg-paid", 250.50m);
        var id = paid.GetProperty("id").GetString()!;
        var (status, refund) = await http.RefundAsync(id, new { amount = 100.25m }, idempotencyKey: "pg-refund-1");
        var final = await http.WaitRefundFinalAsync(refund.GetProperty("id").GetString()!);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("succeeded", final.GetProperty("status").GetString());
        Assert.Equal(150.25m, (await http.GetPaymentAsync(id)).GetProperty("refundableAmount").GetDecimal());
        Assert.Equal(("Paid", 25050L), await RowAsync<string, long>(database.ConnectionString, $"SELECT status, amount FROM payments WHERE id = '{id}'"));
        Assert.Equal(("succeeded", 10025L), await RowAsync<string, long>(database.ConnectionString, $"SELECT status, amount FROM refunds WHERE payment_id = '{id}'"));
        Assert.False(File.Exists(gateway.Data.File("payments.db")));
    }

    [Fact]
    public async Task DatabaseDown_Readiness503NamesIt_Create503JournalUnavailable_NothingSent_BackByItself_PendingResumes()
    {
        await using var cluster = await PostgresCluster.StartAsync();
        var connectionString = await cluster.CreateDatabaseAsync("outage");
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var gateway = OnPostgreSql(connectionString + ";Password=Sekret-Journal-42");
        var http = gateway.CreateClient();
        var (pendingId, pendingTransaction) = await http.CreatePaymentAsync("pg-resume");
        await cluster.StopServerAsync();
        var createsBefore = await emulator.StatsAsync("CreateQrPayment");

        var ready = await http.GetAsync("/health/ready");
        var refused = await http.PostAsJsonAsync("/payments", new { amount = 10m, paymentSystem = "sbp", terminalId = "pg-down" });
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains($"PostgreSQL 127.0.0.1:{cluster.Port}/{name}", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("journal_unavailable", problem.GetProperty("code").GetString());
        Assert.Equal(createsBefore, await emulator.StatsAsync("CreateQrPayment"));

        await cluster.StartServerAsync();

        Assert.True(await Eventually.TrueAsync(async () => (await http.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(30)));
        Assert.True(await Eventually.TrueAsync(() => gateway.Logs.GetSnapshot().Any(r => r.Message.Contains("change feed", StringComparison.Ordinal)
            && r.Message.Contains("is back", StringComparison.Ordinal)), TimeSpan.FromSeconds(30)), "the change feed did not reconnect");
        emulator.Host.Pay(pendingTransaction, out _);
        await http.WaitPaymentAsync(pendingId, "paid");
        await http.CreatePaymentAsync("pg-down");
        Assert.Equal(1L, (await RowAsync<long, long>(connectionString, "SELECT COUNT(*), 0::bigint FROM payments WHERE terminal_id = 'pg-down'")).Item1);
        Assert.DoesNotContain(gateway.Logs.GetSnapshot(), r => r.Message.Contains("Sekret-Journal-42", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoNodes_TillLongPollsTheOtherNode_WokenWhenThePaymentIsPaid_ThroughListenNotify()
    {
        await using var nodeA = OnPostgreSql(database.ConnectionString).Config("Gateway:NodeId", "node-a");
        await using var nodeB = OnPostgreSql(database.ConnectionString).Config("Gateway:NodeId", "node-b");
        var (httpA, httpB) = (nodeA.CreateClient(), nodeB.CreateClient());
        var feedB = nodeB.Services.GetRequiredService<PostgreSqlChangeFeed>();
        Assert.True(await Eventually.TrueAsync(() => feedB.Listening, TimeSpan.FromSeconds(30)));
        var (id, transactionId) = await httpA.CreatePaymentAsync("pg-two-nodes");
        var longPoll = httpB.GetFromJsonAsync<JsonElement>($"/payments/{id}?waitSeconds=25");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        emulator.Host.Pay(transactionId, out _);
        var answer = await longPoll;

        Assert.Equal("paid", answer.GetProperty("status").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"node B answered after {clock.Elapsed}: not woken by node A's change");
    }

    [Fact]
    public async Task TwoNodes_RefundLongPolledOnTheOtherNode_WokenWhenWebMoneyCompletesIt()
    {
        await using var nodeA = OnPostgreSql(database.ConnectionString).Config("Gateway:NodeId", "node-a");
        await using var nodeB = OnPostgreSql(database.ConnectionString).Config("Gateway:NodeId", "node-b");
        var (httpA, httpB) = (nodeA.CreateClient(), nodeB.CreateClient());
        Assert.True(await Eventually.TrueAsync(() => nodeB.Services.GetRequiredService<PostgreSqlChangeFeed>().Listening, TimeSpan.FromSeconds(30)));
        var payment = await httpA.PaidPaymentAsync(emulator, "pg-two-refund", 300m);
        emulator.Host.RefundsPending = true;
        try
        {
            var (_, refund) = await httpA.RefundAsync(payment.GetProperty("id").GetString()!, new { amount = 100m });
            var id = refund.GetProperty("id").GetString()!;
            Assert.Equal("pending", refund.GetProperty("status").GetString());
            var longPoll = httpB.GetRefundAsync(id, 40);
            var waiters = nodeB.Services.GetRequiredService<global::Gateway.Operations.Waiters<global::Gateway.Storage.Refund>>();
            Assert.True(await Eventually.TrueAsync(() => waiters.WaitingOn(id) == 1, TimeSpan.FromSeconds(10)));
            var clock = System.Diagnostics.Stopwatch.StartNew();

            (await emulator.Control.PostAsync($"/emulator/refunds/{refund.GetProperty("refundTransactionId").GetString()}/complete", null))
                .EnsureSuccessStatusCode();
            var answer = await longPoll;

            Assert.Equal("succeeded", answer.GetProperty("status").GetString());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"node B answered after {clock.Elapsed}: not woken by node A's change");
        }
        finally
        {
            emulator.Host.RefundsPending = false;
        }
    }

    [Fact]
    public async Task ProviderPostgreSql_WithoutConnectionString_StartStopsNamingTheKey()
    {
        await using var gateway = new GatewayHarness().UseEmulator(emulator).Config("Gateway:Journal:Provider", "PostgreSql");

        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("ConnectionStrings:Journal", error.ToString(), StringComparison.Ordinal);
    }

    private GatewayHarness OnPostgreSql(string connectionString) =>
        new GatewayHarness().UseEmulator(emulator)
            .Config("Gateway:Journal:Provider", "PostgreSql")
            .Config("ConnectionStrings:Journal", connectionString);

    private static async Task<(T1, T2)> RowAsync<T1, T2>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), sql);
        return (reader.GetFieldValue<T1>(0), reader.GetFieldValue<T2>(1));
    }
}
