using Microsoft.Data.Sqlite;

namespace Gateway.Journal;

/// <summary>
/// The SQLite journal's payments (<see cref="IPaymentStore"/>): the single source of truth. Every state change is
/// committed here (WAL, synchronous=FULL) before anything announces it, and a final state can never be left: updates
/// are conditional on the version read and on the row still being pending. Its roles live in partial files: the
/// group-commit writer (<c>.Writer</c>), the writes with the idempotency keys (<c>.Writes</c>); this file holds the
/// connections and the reads. Refunds (<see cref="RefundJournal"/>) and end of day (<see cref="JournalReports"/>)
/// are classes of their own on the same file.
/// </summary>
/// <remarks>
/// Every read runs synchronously on the caller's thread and returns a completed task: SQLite has no asynchronous
/// I/O, and a read of the local file is short. The token is therefore not observed, on purpose: callers read after
/// their own deadline fired (a status call that timed out reloads its row with the token that ended it), and the
/// read must still answer.
/// </remarks>
public sealed partial class PaymentJournal : IPaymentStore, IDisposable
{
    private readonly JournalFile _file;

    public PaymentJournal(string databasePath)
    {
        DatabasePath = databasePath;
        JournalVersionGuard.RefuseNewer(databasePath);
        _file = new JournalFile(databasePath);
        using var connection = Open();
        JournalSchema.Apply(connection);
        // The refunds table and the report indexes live in the same file: created once, here, at start (an
        // index over a long journal takes a moment; never on the first report).
        using var endOfDay = Command(connection, null, JournalReports.Schema);
        endOfDay.ExecuteNonQuery();
    }

    public string DatabasePath { get; }

    public void Dispose()
    {
        _writeLock.Dispose();
        _file.ClearPool();
    }

    // The committed state of every pending payment this instance wrote or loaded (this process is the journal's
    // only writer): GET /payments/{id}, long-polls and the poller read it without a SQLite round trip. Updated
    // after each commit in commit order; final payments leave it and are read from the file.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, JournalEntry> _pending = new();

    public Task<JournalEntry?> GetAsync(string id, CancellationToken ct)
    {
        if (_pending.TryGetValue(id, out var cached))
        {
            return Task.FromResult<JournalEntry?>(cached);
        }
        using var connection = OpenForRead();
        using var command = Command(connection, null, $"SELECT {JournalRows.Columns} FROM payments WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        return Task.FromResult(ReadAll(command).FirstOrDefault());
    }

    /// <summary>
    /// The row as the file holds it, bypassing (and refreshing) the read cache: after a conflicting update the
    /// cache holds exactly the stale row that lost.
    /// </summary>
    public Task<JournalEntry?> ReloadAsync(string id, CancellationToken ct)
    {
        using var connection = OpenForRead();
        using var command = Command(connection, null, $"SELECT {JournalRows.Columns} FROM payments WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        var entry = ReadAll(command).FirstOrDefault();
        if (entry is { Payment.IsFinal: false })
        {
            _pending[id] = entry;
        }
        else
        {
            _pending.TryRemove(id, out _);
        }
        return Task.FromResult(entry);
    }

    /// <summary>The terminal's pending payment, else its most recent one.</summary>
    public Task<JournalEntry?> GetLatestForTerminalAsync(string terminalId, CancellationToken ct)
    {
        using var connection = OpenForRead();
        using var command = Command(connection, null, $"""
            SELECT {JournalRows.Columns} FROM payments WHERE terminal_id = $t
            ORDER BY (status = 'Pending') DESC, created_at DESC, id DESC LIMIT 1
            """);
        command.Parameters.AddWithValue("$t", terminalId);
        return Task.FromResult(ReadAll(command).FirstOrDefault());
    }

    /// <summary>What the poller must resume after a start: pending payments and unresolved endings.</summary>
    public Task<IReadOnlyList<JournalEntry>> LoadActiveAsync(CancellationToken ct)
    {
        using var connection = OpenForRead();
        using var command = Command(connection, null,
            $"SELECT {JournalRows.Columns} FROM payments WHERE status = 'Pending' OR unresolved = 1");
        return Task.FromResult<IReadOnlyList<JournalEntry>>(ReadAll(command));
    }

    public Task<JournalPage> ListAsync(JournalQuery query, CancellationToken ct)
    {
        using var connection = OpenForRead();
        using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.Status is { } status)
        {
            where.Add("status = $status");
            command.Parameters.AddWithValue("$status", status.ToString());
        }
        if (query.TerminalId is { } terminal)
        {
            where.Add("terminal_id = $terminal");
            command.Parameters.AddWithValue("$terminal", terminal);
        }
        if (query.From is { } from)
        {
            where.Add("created_at >= $from");
            command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        }
        if (query.To is { } to)
        {
            where.Add("created_at < $to");
            command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        }
        if (query.PaymentSystem is { } system)
        {
            where.Add("payment_system = $system");
            command.Parameters.AddWithValue("$system", system.ToString());
        }
        if (query.Attention)
        {
            where.Add("(late_paid = 1 OR (status <> 'Pending' AND unresolved = 1))");
        }
        if (query.After is { } after)
        {
            where.Add("(created_at < $afterAt OR (created_at = $afterAt AND id < $afterId))");
            command.Parameters.AddWithValue("$afterAt", after.CreatedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$afterId", after.Id);
        }
        command.CommandText = $"SELECT {JournalRows.Columns} FROM payments"
            + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")
            + " ORDER BY created_at DESC, id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        var rows = ReadAll(command);
        var items = rows.Take(query.Limit).Select(e => e.Payment).ToList();
        var next = rows.Count > query.Limit ? items[^1] : null;
        return Task.FromResult(new JournalPage(items, next));
    }

    public Task<(string PaymentId, string RequestHash)?> FindIdempotencyAsync(string key, DateTimeOffset now, CancellationToken ct)
    {
        using var connection = OpenForRead();
        using var command = Command(connection, null, "SELECT payment_id, request_hash, created_at FROM idempotency WHERE key = $key");
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        return Task.FromResult<(string, string)?>(
            reader.Read() && now.ToUnixTimeMilliseconds() - reader.GetInt64(2) < (long)IPaymentStore.IdempotencyWindow.TotalMilliseconds
                ? (reader.GetString(0), reader.GetString(1))
                : null);
    }

    public Task<string?> FindByTransactionAsync(string transactionId, CancellationToken ct)
    {
        using var connection = OpenForRead();
        using var command = Command(connection, null, "SELECT id FROM payments WHERE transaction_id = $t LIMIT 1");
        command.Parameters.AddWithValue("$t", transactionId);
        return Task.FromResult(command.ExecuteScalar() as string);
    }

    private SqliteConnection OpenForRead() => _file.OpenForRead();

    private SqliteConnection Open() => _file.Open();

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql) =>
        JournalFile.Command(connection, tx, sql);

    private static List<JournalEntry> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var list = new List<JournalEntry>();
        while (reader.Read())
        {
            list.Add(JournalRows.Read(reader));
        }
        return list;
    }
}
