using Gateway.Journal;
using Microsoft.Data.Sqlite;
using Gateway.Payments;
using Gateway.Storage;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.Journal;

public sealed class PaymentJournalTests : IDisposable
{
    private readonly PaymentsHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void Journal_File_IsInWalMode_ForAConnectionThatSetsNothing()
    {
        // WAL is a property of the file: a plain connection (not the journal's own, which sets its pragmas) sees it.
        // synchronous=FULL is per connection and cannot be seen from outside; the kill tests (Tests/Reliability)
        // are what shows commits survive.
        using var plain = new SqliteConnection($"Data Source={_h.Journal.DatabasePath};Pooling=False");
        plain.Open();
        using var mode = plain.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", (string)mode.ExecuteScalar()!);
    }

    [Fact]
    public async Task Journal_Version1File_GetsTheCancelRequestedColumn_AndItsRowsStillRead()
    {
        using var directory = new TempDirectory("journal-v1");
        var path = directory.File("payments.db");
        using (var v1 = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            v1.Open();
            using var create = v1.CreateCommand();
            // The v1 schema: the payments table as it was before cancel_requested, with one pending row.
            create.CommandText = JournalSchemaV1.Create + JournalSchemaV1.Row + "PRAGMA user_version=1;";
            create.ExecuteNonQuery();
        }

        using var journal = new PaymentJournal(path);
        var entry = await journal.GetAsync("v1row", CancellationToken.None);
        await journal.TryUpdateAsync(entry! with { State = entry.State with { CancelRequested = EndReason.Cashier }, Payment = entry.Payment with { Version = 2 } },
            1, CancellationToken.None);
        var reread = await journal.ReloadAsync("v1row", CancellationToken.None);

        Assert.Equal(PaymentStatus.Pending, entry.Payment.Status);
        Assert.Null(entry.State.CancelRequested);
        Assert.Equal(EndReason.Cashier, reread!.State.CancelRequested);
    }

    [Fact]
    public async Task Update_FinalStateCanNeverBeLeft()
    {
        var payment = await _h.CreateAsync();
        _h.Client.Statuses.Enqueue(ScriptedWebMoneyClient.Status(WireStatus.Paid));
        await _h.AdvanceAsync(TimeSpan.FromSeconds(5));
        var paid = await _h.EntryAsync(payment.Id);

        var reopened = paid with { Payment = paid.Payment with { Status = PaymentStatus.Pending, Version = paid.Payment.Version + 1 } };
        var written = await _h.Journal.TryUpdateAsync(reopened, paid.Payment.Version, CancellationToken.None);

        Assert.False(written);
        Assert.Equal(PaymentStatus.Paid, (await _h.GetAsync(payment.Id)).Status);
    }

    [Fact]
    public async Task Update_StaleVersion_WritesNothing()
    {
        var payment = await _h.CreateAsync();
        var entry = await _h.EntryAsync(payment.Id);

        var stale = entry with { Payment = entry.Payment with { Status = PaymentStatus.Declined, Version = 99 } };
        var written = await _h.Journal.TryUpdateAsync(stale, entry.Payment.Version - 1, CancellationToken.None);

        Assert.False(written);
        Assert.Equal(PaymentStatus.Pending, (await _h.GetAsync(payment.Id)).Status);
    }

    [Fact]
    public async Task Idempotency_SameKeySameBody_ReturnsTheOriginalPayment()
    {
        var first = await _h.CreateAsync(key: "key-1");

        var replay = await _h.Service.CreateAsync(PaymentsHarness.Request(), "key-1", CancellationToken.None);

        Assert.Equal(first.Id, Assert.IsType<CreateResult.Replayed>(replay).Payment!.Id);
        Assert.Equal(1, _h.Client.CountOf(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task Idempotency_SameKeyOtherBody_Refused()
    {
        await _h.CreateAsync(key: "key-1");

        var other = await _h.Service.CreateAsync(PaymentsHarness.Request(amount: 10m), "key-1", CancellationToken.None);

        Assert.IsType<CreateResult.KeyReused>(other);
        Assert.Equal(1, _h.Client.CountOf(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task Idempotency_KeyOlderThan24Hours_StartsANewPayment()
    {
        var first = await _h.CreateAsync(key: "key-1");
        await _h.Service.CancelAsync(first.Id, CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));

        var again = await _h.CreateAsync(key: "key-1");

        Assert.NotEqual(first.Id, again.Id);
    }

    [Fact]
    public async Task Idempotency_TwoConcurrentPostsWithOneKey_OnePayment()
    {
        var tasks = Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => _h.Service.CreateAsync(PaymentsHarness.Request(), "same-key", CancellationToken.None)))
            .ToArray();

        var results = await Task.WhenAll(tasks);

        var ids = results.Select(r => r switch
        {
            CreateResult.Created c => c.Payment.Id,
            CreateResult.Replayed { Payment: { } p } => p.Id,
            _ => throw new InvalidOperationException(r.ToString()),
        }).Distinct().ToList();
        Assert.Single(ids);
        Assert.Equal(1, _h.Client.CountOf(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task TerminalBusy_SecondPaymentOnTheSameTerminal_RefusedWithThePendingId()
    {
        var first = await _h.CreateAsync();

        var second = await _h.Service.CreateAsync(PaymentsHarness.Request(amount: 5m), null, CancellationToken.None);
        var elsewhere = await _h.Service.CreateAsync(PaymentsHarness.Request(amount: 5m, terminal: "2"), null, CancellationToken.None);

        Assert.Equal(first.Id, Assert.IsType<CreateResult.TerminalBusy>(second).PaymentId);
        Assert.IsType<CreateResult.Created>(elsewhere);
    }

    [Fact]
    public async Task List_NewestFirstWithCursor_WalksEveryPaymentOnce()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await _h.CreateAsync(PaymentsHarness.Request(terminal: "T" + i))).Id);
            _h.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var seen = new List<string>();
        (DateTimeOffset, string)? after = null;
        do
        {
            var page = await _h.Journal.ListAsync(new JournalQuery(null, null, null, null, false, 2, after), CancellationToken.None);
            seen.AddRange(page.Items.Select(p => p.Id));
            after = page.Last is { } last ? (last.CreatedAt, last.Id) : null;
        }
        while (after is not null);

        ids.Reverse();
        Assert.Equal(ids, seen);
    }
}

/// <summary>The journal's first schema, kept to test the migration from it.</summary>
internal static class JournalSchemaV1
{
    public const string Create = """
        CREATE TABLE payments (
            id TEXT PRIMARY KEY, status TEXT NOT NULL, terminal_id TEXT NOT NULL, receipt_id TEXT NULL, description TEXT NULL,
            amount TEXT NOT NULL, currency TEXT NOT NULL, payment_system TEXT NOT NULL, payment_type_code INTEGER NULL,
            transaction_id TEXT NULL, qr_payload TEXT NULL, created_at INTEGER NOT NULL, deadline INTEGER NOT NULL,
            completed_at INTEGER NULL, error_code TEXT NULL, error_message TEXT NULL, sandbox INTEGER NOT NULL,
            late_paid INTEGER NOT NULL DEFAULT 0, version INTEGER NOT NULL, technical_errors INTEGER NOT NULL DEFAULT 0,
            max_status_errors INTEGER NOT NULL, unresolved INTEGER NOT NULL DEFAULT 0, cancel_confirmed INTEGER NOT NULL DEFAULT 0,
            next_recheck_at INTEGER NULL, rechecks INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE idempotency (key TEXT PRIMARY KEY, request_hash TEXT NOT NULL, payment_id TEXT NOT NULL, created_at INTEGER NOT NULL);
        """;

    public const string Row = """
        INSERT INTO payments (id, status, terminal_id, amount, currency, payment_system, transaction_id, qr_payload, created_at,
            deadline, sandbox, version, max_status_errors)
        VALUES ('v1row', 'Pending', '1', '10', 'RUB', 'Sbp', 't1', 'https://qr.nspk.ru/1', 1764324000000, 1764324180000, 0, 1, 3);
        """;
}
