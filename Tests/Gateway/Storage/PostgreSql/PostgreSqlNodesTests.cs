using Gateway.Storage;
using Gateway.Storage.PostgreSql;
using Npgsql;
using Tests.Support;

namespace Tests.Gateway.Storage.PostgreSql;

/// <summary>
/// What must hold across gateway nodes, enforced by the database (SPEC §14): two stores on data sources of their own
/// (two nodes) racing on one database. Each race is repeated so an interleaving that breaks it would show.
/// </summary>
public sealed class PostgreSqlNodesTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const int Rounds = 10;
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, 123, TimeSpan.Zero);
    private PostgreSqlDatabase _node1 = null!;
    private PostgreSqlDatabase _node2 = null!;

    public async Task InitializeAsync()
    {
        _node1 = new PostgreSqlDatabase(new NpgsqlConnectionStringBuilder(database.ConnectionString));
        _node2 = new PostgreSqlDatabase(new NpgsqlConnectionStringBuilder(database.ConnectionString));
        await _node1.EnsureSchemaAsync();
    }

    public async Task DisposeAsync()
    {
        await _node1.DisposeAsync();
        await _node2.DisposeAsync();
    }

    [Fact]
    public async Task Create_SameKeySameBodyOnTwoNodesAtOnce_OneCreated_TheOtherReplaysIt()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var key = $"key-{round}";

            var results = await Race(
                () => Payments(_node1).TryBeginCreateAsync(Entry($"a{round}", $"ta{round}"), key, "hash", default),
                () => Payments(_node2).TryBeginCreateAsync(Entry($"b{round}", $"tb{round}"), key, "hash", default));

            var created = Assert.Single(results.OfType<CreateResult.Created>());
            var replayed = Assert.Single(results.OfType<CreateResult.Replayed>());
            Assert.Equal(created.Payment.Id, replayed.PaymentId);
        }
    }

    [Fact]
    public async Task Create_SameTerminalOnTwoNodesAtOnce_OneCreated_TheOtherTerminalBusy()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var terminal = $"busy-{round}";

            var results = await Race(
                () => Payments(_node1).TryBeginCreateAsync(Entry($"c{round}", terminal), null, "h1", default),
                () => Payments(_node2).TryBeginCreateAsync(Entry($"d{round}", terminal), null, "h2", default));

            var created = Assert.Single(results.OfType<CreateResult.Created>());
            var busy = Assert.Single(results.OfType<CreateResult.TerminalBusy>());
            Assert.Equal(created.Payment.Id, busy.PaymentId);
        }
    }

    [Fact]
    public async Task Refund_FullRefundsOnTwoNodesAtOnce_ExactlyOneAccepted_NeverMoreThanPaid()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var paymentId = await PaidAsync($"paid-{round}", 500.50m);
            var draft = (int n) => new RefundDraft($"r{round}-{n}", paymentId, null, null, null, $"h{n}", Now, 3, true);

            var results = await Race(
                () => Refunds(_node1).TryReserveAsync(draft(1), default), () => Refunds(_node2).TryReserveAsync(draft(2), default),
                () => Refunds(_node1).TryReserveAsync(draft(3), default), () => Refunds(_node2).TryReserveAsync(draft(4), default));

            var inserted = Assert.Single(results.OfType<ReserveResult.Inserted>());
            Assert.Equal(500.50m, inserted.Refund.Amount);
            Assert.All(results.OfType<ReserveResult.Exceeds>(), e => Assert.Equal(0m, e.Refundable));
            Assert.Equal(3, results.OfType<ReserveResult.Exceeds>().Count());
        }
    }

    [Fact]
    public async Task Refund_SameKeyOnTwoNodesAtOnce_OneInserted_TheOtherReplaysIt()
    {
        var paymentId = await PaidAsync("paid-key", 1000m);
        var draft = (int n) => new RefundDraft($"rk-{n}", paymentId, Money.FromRubles(100m), null, "refund-key", "same-body", Now, 3, true);

        var results = await Race(() => Refunds(_node1).TryReserveAsync(draft(1), default), () => Refunds(_node2).TryReserveAsync(draft(2), default));

        var inserted = Assert.Single(results.OfType<ReserveResult.Inserted>());
        Assert.Equal(inserted.Refund.Id, Assert.Single(results.OfType<ReserveResult.Replay>()).RefundId);
        Assert.Equal(100m, (await Refunds(_node1).TotalsForAsync([paymentId], default))[paymentId].Reserved);
    }

    [Fact]
    public async Task Update_StaleVersionFromTheOtherNode_Refused_TheNewerStateKept()
    {
        var entry = Entry("stale", "stale-t");
        await Payments(_node1).TryBeginCreateAsync(entry, null, "h", default);
        var byNode1 = entry with { State = entry.State with { TechnicalErrors = 1 }, Payment = entry.Payment with { Version = 2 } };
        var byNode2 = entry with { State = entry.State with { TechnicalErrors = 7 }, Payment = entry.Payment with { Version = 2 } };

        var first = await Payments(_node1).TryUpdateAsync(byNode1, 1, default);
        var second = await Payments(_node2).TryUpdateAsync(byNode2, 1, default);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(1, (await Payments(_node2).ReloadAsync("stale", default))!.State.TechnicalErrors);
    }

    [Fact]
    public async Task History_TwoNodesAppendToOnePaymentAtOnce_RowsNumberedWithoutGapsOrDuplicates()
    {
        var events = (string node) => Enumerable.Range(0, 20)
            .Select(i => new PaymentEvent("hist", null, Now.AddSeconds(i), PaymentEventKinds.CancelRequested, $"{node} {i}"))
            .ToList();

        await Race(
            async () => { await new PostgreSqlHistoryStore(_node1).AppendAsync(events("one"), default); return 1; },
            async () => { await new PostgreSqlHistoryStore(_node2).AppendAsync(events("two"), default); return 2; });
        var rows = await new PostgreSqlHistoryStore(_node1).ReadAsync("hist", default);

        Assert.Equal(Enumerable.Range(1, 40), rows.Select(r => r.Seq));
    }

    private static PostgreSqlPaymentStore Payments(PostgreSqlDatabase node) => new(node);

    private static PostgreSqlRefundStore Refunds(PostgreSqlDatabase node) => new(node);

    private async Task<string> PaidAsync(string id, decimal amount)
    {
        var entry = Entry(id, "t-" + id, amount);
        await Payments(_node1).TryBeginCreateAsync(entry, null, "h", default);
        var paid = entry with { Payment = entry.Payment with { Status = PaymentStatus.Paid, TransactionId = "tx-" + id, CompletedAt = Now, Version = 2 } };
        Assert.True(await Payments(_node1).TryUpdateAsync(paid, 1, default));
        return id;
    }

    private static JournalEntry Entry(string id, string terminal, decimal amount = 100m) => new(
        new Payment
        {
            Id = id, Status = PaymentStatus.Pending, TerminalId = terminal, Amount = Money.FromRubles(amount), PaymentSystem = PaymentSystem.Sbp,
            CreatedAt = Now, Deadline = Now.AddMinutes(3), Version = 1,
        },
        new LifecycleState { MaxStatusErrors = 3 });

    /// <summary>Starts every call at once (released together from a barrier on pool threads).</summary>
    private static async Task<T[]> Race<T>(params Func<Task<T>>[] calls)
    {
        using var start = new Barrier(calls.Length);
        return await Task.WhenAll(calls.Select(call => Task.Run(() =>
        {
            start.SignalAndWait();
            return call();
        })));
    }
}
