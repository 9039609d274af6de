using System.Diagnostics;
using System.Globalization;
using Gateway.Payments;
using Gateway.Storage;
using Microsoft.Extensions.DependencyInjection;
using Tests.Support;

namespace Tests.Gateway.Storage.PostgreSql;

/// <summary>
/// The lease rules inside the processors (SPEC §14), two in-process nodes on one PostgreSQL journal through the real
/// path (Program, emulator, database): a node whose lease another node took sends nothing more and writes nothing;
/// the cashier's cancel through a node that does not work the payment is carried out by the node that does, or, when
/// that one died, by whoever takes the payment over; work over the whole journal runs on one node.
/// </summary>
public sealed class PostgreSqlProcessorLeaseTests(EmulatorFixture emulator, PostgresDatabase database)
    : IClassFixture<EmulatorFixture>, IClassFixture<PostgresDatabase>
{
    private const int LeaseSeconds = 3;

    [Fact]
    public async Task LeaseTakenByTheOtherNode_FirstNodeSendsNoFurtherPoll_ItsStaleWriteRefused_TheOtherReportsItPaid()
    {
        await using var nodeA = Node("lost-a");
        await using var nodeB = Node("lost-b");
        var (httpA, httpB) = (nodeA.CreateClient(), nodeB.CreateClient());
        var (id, transactionId) = await httpA.CreatePaymentAsync("lease-lost");
        Assert.True(await Eventually.TrueAsync(() => PollsBy(nodeA, id) >= 2, TimeSpan.FromSeconds(20)), "node A did not poll");
        var stale = await nodeA.Services.GetRequiredService<IPaymentStore>().GetAsync(id, default);

        // Node A "paused" past its lease, and node B adopted the payment meanwhile (as its lease keeper does).
        await ExecuteAsync($"UPDATE payments SET lease_owner = 'lost-b', lease_until = now() + interval '1 hour' WHERE id = '{id}'");
        nodeB.Services.GetRequiredService<PaymentProcessor>().Adopt(stale!);
        Assert.True(await Eventually.TrueAsync(() => Logged(nodeA, id, "not this node's to work"), TimeSpan.FromSeconds(20)), "node A kept the payment");
        var pollsByA = PollsBy(nodeA, id);
        var staleWrite = await nodeA.Services.GetRequiredService<IPaymentStore>().TryUpdateAsync(
            stale! with { Payment = stale.Payment with { Status = PaymentStatus.Failed, Version = stale.Payment.Version + 1 } }, stale.Payment.Version, default);
        Assert.True(await Eventually.TrueAsync(() => PollsBy(nodeB, id) >= 2, TimeSpan.FromSeconds(20)), "node B did not poll");
        emulator.Host.Pay(transactionId, out _);
        await httpB.WaitPaymentAsync(id, "paid");

        Assert.False(staleWrite);
        Assert.Equal(0, nodeA.Services.GetRequiredService<PaymentProcessor>().Scheduler.Count);
        Assert.Equal(pollsByA, PollsBy(nodeA, id));
        Assert.Equal("paid", (await httpA.GetPaymentAsync(id)).GetProperty("status").GetString());
        Assert.Equal(("Paid", "lost-b"), await RowAsync<string, string>($"SELECT status, lease_owner FROM payments WHERE id = '{id}'"));
    }

    [Fact]
    public async Task RefundLeaseTakenByTheOtherNode_FirstNodeForgetsIt_ItsStaleWriteRefused_TheOtherSeesItSucceed()
    {
        emulator.Host.RefundsPending = true;
        try
        {
            await using var nodeA = Node("refund-a");
            await using var nodeB = Node("refund-b");
            var (httpA, httpB) = (nodeA.CreateClient(), nodeB.CreateClient());
            var paid = await httpA.PaidPaymentAsync(emulator, "lease-refund");
            var (_, body) = await httpA.RefundAsync(paid.GetProperty("id").GetString()!, new { amount = 10m });
            var refundId = body.GetProperty("id").GetString()!;
            var refunds = nodeA.Services.GetRequiredService<IRefundStore>();
            var statusCalls = await emulator.StatsAsync("GetRefundStatus");
            Assert.True(await Eventually.TrueAsync(async () => await emulator.StatsAsync("GetRefundStatus") > statusCalls, TimeSpan.FromSeconds(20)));
            var stale = await refunds.GetAsync(refundId, default);

            await ExecuteAsync($"UPDATE refunds SET lease_owner = 'refund-b', lease_until = now() + interval '1 hour' WHERE id = '{refundId}'");
            nodeB.Services.GetRequiredService<global::Gateway.Refunds.RefundProcessor>().Adopt(stale!);
            Assert.True(await Eventually.TrueAsync(() => nodeA.Services.GetRequiredService<global::Gateway.Refunds.RefundProcessor>().Scheduler.Count == 0,
                TimeSpan.FromSeconds(20)), "node A kept the refund on its queue");
            var staleWrite = await refunds.TryUpdateAsync(stale! with { Checks = stale.Checks + 1, Version = stale.Version + 1 }, stale.Version, default);
            emulator.Host.CompleteRefund(emulator.Host.GetRefunds().Single(r => r.RefundId == refundId).RefundTransactionId, out _);
            var final = await httpB.WaitRefundFinalAsync(refundId);

            Assert.False(staleWrite);
            Assert.Equal("succeeded", final.GetProperty("status").GetString());
            Assert.Equal(0, nodeA.Services.GetRequiredService<global::Gateway.Refunds.RefundProcessor>().Scheduler.Count);
        }
        finally
        {
            emulator.Host.RefundsPending = false;
        }
    }

    [Fact]
    public async Task CashiersCancelThroughTheOtherNode_OwnerAlive_OwnerSendsCancelPaymentWithinTwoSeconds_AnsweredCancelled()
    {
        await using var nodeA = Node("cancel-a");
        await using var nodeB = Node("cancel-b");
        var (httpA, httpB) = (nodeA.CreateClient(), nodeB.CreateClient());
        await WaitListeningAsync(nodeA);
        var (id, transactionId) = await httpA.CreatePaymentAsync("lease-cancel");
        var cancels = await emulator.StatsAsync("CancelPayment");

        var clock = Stopwatch.StartNew();
        var answer = await httpB.CancelPaymentAsync(id);
        var took = clock.Elapsed;

        Assert.Equal("cancelled", answer.GetProperty("status").GetString());
        Assert.True(took < TimeSpan.FromSeconds(2), $"the cancel took {took}");
        Assert.Equal(cancels + 1, await emulator.StatsAsync("CancelPayment"));
        Assert.Equal("Cancelled", (await emulator.TransactionOfAsync(id))!.Value.GetProperty("status").GetString());
        Assert.True(Logged(nodeA, id, "CancelPayment →"), "node A, the owner, did not send the cancel");
        Assert.False(Logged(nodeB, id, "CancelPayment →"), "node B sent a cancel itself");
        Assert.True(Logged(nodeB, id, "handed to node cancel-a"));
        Assert.Equal(0L, (await RowAsync<long, long>($"SELECT COUNT(*), 0::bigint FROM payments WHERE id = '{id}' AND cancel_requested_at IS NOT NULL")).Item1);
        _ = transactionId;
    }

    [Fact]
    public async Task CashiersCancelThroughTheOtherNode_OwnerDead_TheOtherTakesItOverAndCancelsFirst_WithinLeaseSecondsPlusTwo()
    {
        var nodeA = Node("dead-a");
        await using var nodeB = Node("dead-b");
        var (httpA, httpB) = (nodeA.CreateClient(), nodeB.CreateClient());
        var (id, _) = await httpA.CreatePaymentAsync("lease-dead");
        await nodeA.StopAsync(); // a crash: its lease stays in the row until it expires
        var cancels = await emulator.StatsAsync("CancelPayment");

        var clock = Stopwatch.StartNew();
        var answer = await httpB.CancelPaymentAsync(id);
        var took = clock.Elapsed;

        Assert.Equal("cancelled", answer.GetProperty("status").GetString());
        Assert.True(took < TimeSpan.FromSeconds(LeaseSeconds + 2), $"the cancel took {took}");
        Assert.Equal(cancels + 1, await emulator.StatsAsync("CancelPayment"));
        Assert.True(Logged(nodeB, id, "CancelPayment →"), "node B did not send the cancel");
        Assert.Equal(("Cancelled", "dead-b"), await RowAsync<string, string>($"SELECT status, lease_owner FROM payments WHERE id = '{id}'"));
        await nodeA.DisposeAsync();
    }

    [Fact]
    public async Task TwoNodesStarting_TheIdempotencyPruneOverTheWholeJournal_RunsOnOneOfThem()
    {
        await ExecuteAsync("DO $$ BEGIN IF to_regclass('scheduled_jobs') IS NOT NULL THEN DELETE FROM scheduled_jobs; END IF; END $$");
        await using var nodeA = Node("prune-a");
        await using var nodeB = Node("prune-b");
        nodeA.CreateClient();
        nodeB.CreateClient();

        Assert.True(await Eventually.TrueAsync(() => Logged(nodeA, "", "Resumed") && Logged(nodeB, "", "Resumed"), TimeSpan.FromSeconds(20)));
        var (owner, runs) = await RowAsync<string, long>(
            $"SELECT lease_owner, (SELECT COUNT(*) FROM scheduled_jobs) FROM scheduled_jobs WHERE name = '{PaymentProcessor.PruneJob}'");

        Assert.Contains(owner, new[] { "prune-a", "prune-b" });
        Assert.Equal(1L, runs);
        Assert.False(await nodeA.Services.GetRequiredService<IWorkLeases>().TryStartJobAsync(PaymentProcessor.PruneJob, TimeSpan.FromHours(1)));
        Assert.False(await nodeB.Services.GetRequiredService<IWorkLeases>().TryStartJobAsync(PaymentProcessor.PruneJob, TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task CheckNowThroughTheOtherNode_OwnerAlive_WebMoneySaysPaid_LatePaidWrittenAnyway()
    {
        await using var nodeA = Node("check-a").Config("Gateway:RecheckFirstIntervalSeconds", "3600");
        await using var nodeB = Node("check-b").Config("Gateway:RecheckFirstIntervalSeconds", "3600");
        var (httpA, httpB) = (nodeA.CreateClient(), nodeB.CreateClient());
        // Four HTTP 500s end it technical_errors; its cancel gets no answer: unresolved, and node A's to check (in an hour).
        await emulator.FaultAsync("CancelPayment", "http500", 1000);
        await emulator.FaultAsync("GetPaymentStatus", "http500", 4);
        var (id, transactionId) = await httpA.CreatePaymentAsync("lease-check");
        try
        {
            Assert.True((await httpA.WaitPaymentFinalAsync(id)).GetProperty("unresolved").GetBoolean());
            await httpA.WaitForWaitingAnswersAsync(id, 1);
        }
        finally
        {
            emulator.Host.ClearFaults();
        }
        await emulator.ActAsync(transactionId, "pay");

        var response = await httpB.PostAsync($"/payments/{id}/recheck", null);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("check-a", true), await RowAsync<string, bool>($"SELECT lease_owner, late_paid FROM payments WHERE id = '{id}'"));
        Assert.True((await httpA.GetPaymentAsync(id)).GetProperty("latePaid").GetBoolean());
    }

    [Fact]
    public async Task TwoNodesReconcileTheSameDayAtOnce_ThePaymentWebMoneyHasPaid_MarkedLatePaidOnce()
    {
        await using var nodeA = Node("recon-a").Config("Gateway:TimeZone", "UTC").Config("Gateway:RecheckFirstIntervalSeconds", "3600");
        await using var nodeB = Node("recon-b").Config("Gateway:TimeZone", "UTC").Config("Gateway:RecheckFirstIntervalSeconds", "3600");
        var (httpA, httpB) = (nodeA.CreateClient(), nodeB.CreateClient());
        var created = await httpA.PostPaymentAsync("lease-recon");
        var (id, transactionId) = (created.GetProperty("id").GetString()!, created.GetProperty("transactionId").GetString()!);
        var date = created.GetProperty("createdAt").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // The journal ended it "declined" while WebMoney still held it payable (as a lost answer would leave it); then it is paid.
        await ExecuteAsync($"""
            UPDATE payments SET status = 'Declined', completed_at = now(), unresolved = false, version = version + 1,
                lease_owner = NULL, lease_until = NULL WHERE id = '{id}'
            """);
        emulator.Host.Pay(transactionId, out _);

        var answers = await Task.WhenAll(httpA.GetAsync($"/reports/reconciliation?date={date}"), httpB.GetAsync($"/reports/reconciliation?date={date}"));

        Assert.All(answers, a => Assert.Equal(System.Net.HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(("Declined", true), await RowAsync<string, bool>($"SELECT status, late_paid FROM payments WHERE id = '{id}'"));
        Assert.Equal(1, new[] { nodeA, nodeB }.Sum(n => n.Logs.GetSnapshot().Count(r => r.Message.Contains($"LATE PAID (reconciliation): payment {id}", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task NodePausedInsideATransaction_ItsRowLockEndsAfterHalfALease_TheOtherNodeClaimsTheRow_ThePausedCommitFails()
    {
        // A row no node works (ended): only its lock matters here, and no gateway of the other tests picks it up.
        await using var paused = new global::Gateway.Storage.PostgreSql.PostgreSqlDatabase(
            new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString), "paused-node", TimeSpan.FromSeconds(2));
        await paused.EnsureSchemaAsync();
        var id = "tx-" + Guid.NewGuid().ToString("N");
        await ExecuteAsync($"""
            INSERT INTO payments (id, status, terminal_id, amount, currency, payment_system, created_at, deadline, sandbox, version, max_status_errors, lease_owner, lease_until)
            VALUES ('{id}', 'Declined', 'tx-terminal', 100, 'RUB', 'Sbp', now(), now() + interval '3 minutes', false, 1, 3, 'paused-node', now() - interval '1 second')
            """);
        await using var connection = await paused.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var write = new Npgsql.NpgsqlCommand($"UPDATE payments SET technical_errors = 1 WHERE id = '{id}'", connection, tx))
        {
            await write.ExecuteNonQueryAsync(); // then the node stands still before its commit
        }

        var claimed = await Eventually.TrueAsync(async () =>
            (await RowAsync<long, long>($"SELECT COUNT(*), 0::bigint FROM (SELECT id FROM payments WHERE id = '{id}' FOR UPDATE SKIP LOCKED) free")).Item1 == 1,
            TimeSpan.FromSeconds(20));

        Assert.True(claimed, "the paused transaction kept its row lock");
        await Assert.ThrowsAnyAsync<Exception>(() => tx.CommitAsync());
        Assert.Equal((0, 0), await RowAsync<int, int>($"SELECT technical_errors, 0 FROM payments WHERE id = '{id}'"));
    }

    private GatewayHarness Node(string nodeId) =>
        new GatewayHarness { CrashOnStop = true }.UseEmulator(emulator)
            .Config("Gateway:Journal:Provider", "PostgreSql")
            .Config("ConnectionStrings:Journal", database.ConnectionString)
            .Config("Gateway:NodeId", nodeId)
            .Config("Gateway:PollIntervalSeconds", "0.2")
            .Config("Logging:LogLevel:Gateway.Payments.PaymentProcessor", "Debug") // every WebMoney call, under the payment's id
            .Config("Gateway:LeaseSeconds", LeaseSeconds.ToString(CultureInfo.InvariantCulture));

    private static int PollsBy(GatewayHarness node, string id) =>
        node.Logs.GetSnapshot().Count(r => r.Message.Contains($"Payment {id}: GetPaymentStatus →", StringComparison.Ordinal));

    private static bool Logged(GatewayHarness node, string id, string text) =>
        node.Logs.GetSnapshot().Any(r => r.Message.Contains(id, StringComparison.Ordinal) && r.Message.Contains(text, StringComparison.Ordinal));

    private async Task ExecuteAsync(string sql)
    {
        await using var db = Npgsql.NpgsqlDataSource.Create(database.ConnectionString);
        await using var command = db.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<(T1, T2)> RowAsync<T1, T2>(string sql)
    {
        await using var db = Npgsql.NpgsqlDataSource.Create(database.ConnectionString);
        await using var command = db.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), sql);
        return (reader.GetFieldValue<T1>(0), reader.GetFieldValue<T2>(1));
    }

    private static async Task WaitListeningAsync(GatewayHarness node) =>
        Assert.True(await Eventually.TrueAsync(() => node.Services.GetRequiredService<global::Gateway.Storage.PostgreSql.PostgreSqlChangeFeed>().Listening,
            TimeSpan.FromSeconds(20)), "the change feed did not listen");
}
