using Gateway.Storage;
using Gateway.Storage.PostgreSql;
using Npgsql;
using Tests.Support;

namespace Tests.Gateway.Storage.PostgreSql;

/// <summary>
/// Leases on the journal's work, two nodes on one real PostgreSQL: a claim never hands one row to two nodes, a lease
/// that expired (its node killed) is adopted with the row as it was, and the node that lost it writes nothing.
/// Expiry is on the database's clock: the tests wait for the database to say a lease has run out, never on a sleep.
/// </summary>
public sealed class PostgreSqlLeasesTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private PostgreSqlDatabase _db1 = null!;
    private PostgreSqlDatabase _db2 = null!;

    public async Task InitializeAsync()
    {
        _db1 = new PostgreSqlDatabase(new NpgsqlConnectionStringBuilder(database.ConnectionString));
        _db2 = new PostgreSqlDatabase(new NpgsqlConnectionStringBuilder(database.ConnectionString));
        await _db1.EnsureSchemaAsync();
        await using var empty = _db1.DataSource.CreateCommand("TRUNCATE payments, idempotency, refunds, payment_events, scheduled_jobs");
        await empty.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await _db1.DisposeAsync();
        await _db2.DisposeAsync();
    }

    [Fact]
    public async Task Claim_TwoNodesAtOnce_NoPaymentGoesToBoth_AndEveryOneGoesToSomeone()
    {
        for (var i = 0; i < 30; i++)
        {
            await CreateAsync($"p{i:00}", technicalErrors: 0);
        }
        var (a, b) = (Node(_db1, "node-a"), Node(_db2, "node-b"));

        var claimed = await Task.WhenAll(Task.Run(() => a.ClaimPaymentsAsync(30)), Task.Run(() => b.ClaimPaymentsAsync(30)));
        var byA = claimed[0].Select(e => e.Payment.Id).ToHashSet();
        var byB = claimed[1].Select(e => e.Payment.Id).ToHashSet();
        var second = await b.ClaimPaymentsAsync(30);

        Assert.Empty(byA.Intersect(byB));
        Assert.Equal(30, byA.Count + byB.Count);
        Assert.Equal(byB.Order(), second.Select(e => e.Payment.Id).Order());
    }

    [Fact]
    public async Task KilledNode_LeaseExpires_OtherNodeAdoptsWithDeadlineErrorCountAndKey_TheOldOwnerCannotWrite()
    {
        var created = await CreateAsync("adopt", technicalErrors: 2, key: "adopt-key");
        await using var killedDb = new PostgreSqlDatabase(new NpgsqlConnectionStringBuilder(database.ConnectionString), "killed");
        await using var survivorDb = new PostgreSqlDatabase(new NpgsqlConnectionStringBuilder(database.ConnectionString), "survivor");
        var killed = Node(killedDb, "killed", TimeSpan.FromMilliseconds(300));
        var survivor = Node(survivorDb, "survivor");
        var held = Assert.Single(await killed.ClaimPaymentsAsync(10));

        var whileHeld = await survivor.ClaimPaymentsAsync(10);
        await WaitUntilExpiredAsync("adopt");
        var adopted = Assert.Single(await survivor.ClaimPaymentsAsync(10));
        // The processors' write: versioned, and owner-checked for a row under a lease.
        var lateWrite = await new PostgreSqlPaymentStore(killedDb).TryUpdateAsync(With(held, errors: 3), held.Payment.Version, default);
        var ownerWrite = await new PostgreSqlPaymentStore(survivorDb).TryUpdateAsync(With(adopted, errors: 3), adopted.Payment.Version, default);

        Assert.Empty(whileHeld);
        Assert.Equal(created.Payment.Deadline, adopted.Payment.Deadline);
        Assert.Equal(2, adopted.State.TechnicalErrors);
        Assert.Equal(("adopt", "h"), await new PostgreSqlPaymentStore(_db2).FindIdempotencyAsync("adopt-key", Now, default));
        Assert.False(lateWrite);
        Assert.True(ownerWrite);
        Assert.Equal(3, (await new PostgreSqlPaymentStore(_db2).ReloadAsync("adopt", default))!.State.TechnicalErrors);
    }

    [Fact]
    public async Task Renew_ByTheOwner_KeepsTheWorkFromTheOtherNode_HandOver_HandsItOverAtOnce()
    {
        await CreateAsync("renew", technicalErrors: 0);
        // Long enough that the other node's claim comes before the renewed lease ends on a loaded machine.
        var owner = Node(_db1, "owner", TimeSpan.FromSeconds(2));
        var other = Node(_db2, "other");
        await owner.ClaimPaymentsAsync(10);
        await WaitUntilExpiredAsync("renew");

        var renewed = await owner.RenewAllAsync();
        var duringRenewal = await other.ClaimPaymentsAsync(10);
        var handedOver = await owner.HandOverAllAsync();
        var afterHandOver = await other.ClaimPaymentsAsync(10);

        Assert.Equal(1, renewed);
        Assert.Empty(duringRenewal);
        Assert.Equal(1, handedOver);
        Assert.Equal("renew", Assert.Single(afterHandOver).Payment.Id);
        Assert.Equal(0, await owner.RenewAllAsync());
    }

    [Fact]
    public async Task Claim_FinalSettledPaymentsAndOtherNodesLiveLeases_NotClaimed_UnresolvedEndingsAre()
    {
        await CreateAsync("pending", technicalErrors: 0);
        var settled = await CreateAsync("settled", technicalErrors: 0);
        var unresolved = await CreateAsync("unresolved", technicalErrors: 0);
        var store = new PostgreSqlPaymentStore(_db1);
        await store.TryUpdateAsync(settled with { Payment = settled.Payment with { Status = PaymentStatus.Paid, Version = 2 } }, 1, default);
        await store.TryUpdateAsync(unresolved with { Payment = unresolved.Payment with { Status = PaymentStatus.TimedOut, Unresolved = true, Version = 2 } }, 1, default);

        var claimed = await Node(_db1, "n").ClaimPaymentsAsync(10);

        Assert.Equal(["pending", "unresolved"], claimed.Select(e => e.Payment.Id).Order());
    }

    [Fact]
    public async Task ScheduledJob_TwoNodesAtOnce_RunsOnce_DueAgainOnlyAfterItsPeriod()
    {
        var (a, b) = (Node(_db1, "node-a"), Node(_db2, "node-b"));

        var started = await Task.WhenAll(
            Task.Run(() => a.TryStartJobAsync("reconciliation", TimeSpan.FromHours(1))),
            Task.Run(() => b.TryStartJobAsync("reconciliation", TimeSpan.FromHours(1))));
        var again = await a.TryStartJobAsync("reconciliation", TimeSpan.FromHours(1));

        Assert.Single(started, s => s);
        Assert.False(again);
    }

    private static PostgreSqlLeases Node(PostgreSqlDatabase db, string name, TimeSpan? lease = null) =>
        new(db, name, lease ?? TimeSpan.FromSeconds(15));

    private static JournalEntry With(JournalEntry entry, int errors) =>
        entry with { State = entry.State with { TechnicalErrors = errors }, Payment = entry.Payment with { Version = entry.Payment.Version + 1 } };

    private async Task<JournalEntry> CreateAsync(string id, int technicalErrors, string? key = null)
    {
        var entry = new JournalEntry(
            new Payment
            {
                Id = id, Status = PaymentStatus.Pending, TerminalId = "t-" + id, Amount = Money.FromRubles(10m), PaymentSystem = PaymentSystem.Sbp,
                CreatedAt = Now, Deadline = Now.AddMinutes(3), Version = 1,
            },
            new LifecycleState { MaxStatusErrors = 3, TechnicalErrors = technicalErrors });
        Assert.IsType<CreateResult.Created>(await new PostgreSqlPaymentStore(_db1).TryBeginCreateAsync(entry, key, "h", default));
        // A create takes its node's lease; these tests hand the row out themselves.
        await using var free = _db1.DataSource.CreateCommand("UPDATE payments SET lease_owner = NULL, lease_until = NULL WHERE id = @id");
        free.Parameters.AddWithValue("id", id);
        await free.ExecuteNonQueryAsync();
        return entry;
    }

    /// <summary>Until the database's own clock has passed the payment's lease.</summary>
    private async Task WaitUntilExpiredAsync(string id)
    {
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            await using var command = _db1.DataSource.CreateCommand("SELECT lease_until < now() FROM payments WHERE id = @id");
            command.Parameters.AddWithValue("id", id);
            return (bool)(await command.ExecuteScalarAsync())!;
        }, TimeSpan.FromSeconds(10)));
    }
}
