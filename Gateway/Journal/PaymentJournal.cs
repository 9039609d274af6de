using Gateway.Payments;
using Microsoft.Data.Sqlite;

namespace Gateway.Journal;

/// <summary>
/// The SQLite journal: the single source of truth. Every state change is committed here (WAL,
/// synchronous=FULL) before anything announces it, and a final state can never be left: updates are
/// conditional on the version read and on the row still being pending.
/// </summary>
public sealed partial class PaymentJournal : IDisposable
{
    /// <summary>How long an Idempotency-Key is remembered (SPEC §3).</summary>
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);

    private readonly string _connectionString;
    // SQLite has one writer; queueing writers here beats SQLITE_BUSY retries.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    // Group commit (see WriteAsync): writes waiting for the next transaction, and whether one is being committed.
    private readonly System.Collections.Concurrent.ConcurrentQueue<IPendingWrite> _queue = new();
    private int _draining;
    // The committed state of every pending payment this instance wrote or loaded (this process is the journal's
    // only writer): GET /payments/{id}, long-polls and the poller read it without a SQLite round trip. Updated
    // after each commit in commit order; final payments leave it and are read from the file.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, JournalEntry> _pending = new();

    public PaymentJournal(string databasePath)
    {
        DatabasePath = databasePath;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        JournalSchema.Apply(connection);
    }

    public string DatabasePath { get; }

    public Task<BeginCreateResult> TryBeginCreateAsync(JournalEntry entry, string? idempotencyKey, string requestHash, CancellationToken ct) =>
        WriteAsync<BeginCreateResult>((connection, tx) =>
        {
            var now = entry.Payment.CreatedAt.ToUnixTimeMilliseconds();
            if (idempotencyKey is not null)
            {
                using var find = Command(connection, tx, "SELECT request_hash, payment_id, created_at FROM idempotency WHERE key = $key");
                find.Parameters.AddWithValue("$key", idempotencyKey);
                using var reader = find.ExecuteReader();
                if (reader.Read() && now - reader.GetInt64(2) < (long)IdempotencyWindow.TotalMilliseconds)
                {
                    return reader.GetString(0) == requestHash
                        ? new BeginCreateResult.Replay(reader.GetString(1))
                        : new BeginCreateResult.KeyReused(reader.GetString(1));
                }
            }

            using (var busy = Command(connection, tx, "SELECT id FROM payments WHERE terminal_id = $t AND status = 'Pending' LIMIT 1"))
            {
                busy.Parameters.AddWithValue("$t", entry.Payment.TerminalId);
                if (busy.ExecuteScalar() is string pendingId)
                {
                    return new BeginCreateResult.TerminalBusy(pendingId);
                }
            }

            using (var insert = Command(connection, tx, $"INSERT INTO payments ({JournalRows.Columns}) VALUES ({JournalRows.Parameters})"))
            {
                JournalRows.Bind(insert, entry);
                insert.ExecuteNonQuery();
            }

            if (idempotencyKey is not null)
            {
                using var remember = Command(connection, tx,
                    "INSERT OR REPLACE INTO idempotency (key, request_hash, payment_id, created_at) VALUES ($key, $hash, $id, $at)");
                remember.Parameters.AddWithValue("$key", idempotencyKey);
                remember.Parameters.AddWithValue("$hash", requestHash);
                remember.Parameters.AddWithValue("$id", entry.Payment.Id);
                remember.Parameters.AddWithValue("$at", now);
                remember.ExecuteNonQuery();
            }
            return new BeginCreateResult.Inserted();
        }, ct, result =>
        {
            if (result is BeginCreateResult.Inserted)
            {
                _pending[entry.Payment.Id] = entry;
            }
        });

    /// <summary>
    /// Commits <paramref name="updated"/> if the row is still at <paramref name="expectedVersion"/> and was
    /// pending or keeps its final status. Returns false (nothing written) otherwise.
    /// </summary>
    public Task<bool> TryUpdateAsync(JournalEntry updated, long expectedVersion, CancellationToken ct) =>
        WriteAsync((connection, tx) =>
        {
            using var command = Command(connection, tx, $"""
                UPDATE payments SET {JournalRows.Assignments}
                WHERE id = $id AND version = $expected AND (status = 'Pending' OR status = $status)
                """);
            JournalRows.Bind(command, updated);
            command.Parameters.AddWithValue("$expected", expectedVersion);
            return command.ExecuteNonQuery() == 1;
        }, ct, written =>
        {
            if (!written)
            {
                return;
            }
            if (updated.Payment.IsFinal)
            {
                _pending.TryRemove(updated.Payment.Id, out _);
            }
            else
            {
                _pending[updated.Payment.Id] = updated;
            }
        });

    /// <summary>
    /// Group commit: every write that arrives while a commit is being made durable goes into the next transaction
    /// together (each in a savepoint of its own, applied in arrival order, so the outcome is the one of running
    /// them one after another), and one fsync makes them all durable. A caller gets its result only after that
    /// commit returned: nothing is announced before it is on disk. One fsync costs milliseconds; without this,
    /// concurrent creates queue behind one fsync each. The first writer commits on its own thread; writes queued
    /// meanwhile are committed by one follow-up pass, and every waiter is woken at once (no lock hand-over chain).
    /// </summary>
    /// <param name="apply">The write, inside the shared transaction.</param>
    /// <param name="ct">Honoured only before the write is queued.</param>
    /// <param name="committed">Runs after the commit, in commit order, before the caller learns the result.</param>
    private Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> apply, CancellationToken ct, Action<T>? committed = null)
    {
        ct.ThrowIfCancellationRequested();
        // Not cancellable once queued: it may already be applied, and the caller must learn the outcome.
        var write = new PendingWrite<T>(apply, committed);
        _queue.Enqueue(write);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            Drain();
        }
        return write.Task;
    }

    /// <summary>Runs while holding <see cref="_draining"/>: commits what is queued, then hands over or lets go.</summary>
    private void Drain()
    {
        _writeLock.Wait();
        try
        {
            CommitQueued();
        }
        finally
        {
            _writeLock.Release();
        }
        Volatile.Write(ref _draining, 0);
        // A write queued after the drain but before the flag dropped found the flag taken: it is ours to commit.
        if (!_queue.IsEmpty && Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            _ = Task.Run(Drain);
        }
    }

    /// <summary>Runs under the write lock: drains the queue into one transaction.</summary>
    private void CommitQueued()
    {
        var batch = new List<IPendingWrite>();
        while (_queue.TryDequeue(out var next))
        {
            batch.Add(next);
        }
        if (batch.Count == 0)
        {
            return;
        }
        try
        {
            using var timer = Observability.GatewayMetrics.TimeJournalCommit();
            using var connection = Open();
            using var tx = connection.BeginTransaction(deferred: false);
            if (batch.Count == 1)
            {
                batch[0].Apply(connection, tx, savepoint: false);
            }
            else
            {
                foreach (var write in batch)
                {
                    write.Apply(connection, tx, savepoint: true);
                }
            }
            tx.Commit();
        }
        catch (Exception ex)
        {
            foreach (var write in batch)
            {
                write.Fail(ex);
            }
        }
        foreach (var write in batch)
        {
            write.Complete();
        }
    }

    private interface IPendingWrite
    {
        void Apply(SqliteConnection connection, SqliteTransaction tx, bool savepoint);

        void Fail(Exception ex);

        void Complete();
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, SqliteTransaction, T> apply, Action<T>? committed) : IPendingWrite
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _error;

        public Task<T> Task => _done.Task;

        public void Apply(SqliteConnection connection, SqliteTransaction tx, bool savepoint)
        {
            if (!savepoint)
            {
                _result = apply(connection, tx);
                return;
            }
            tx.Save("w");
            try
            {
                _result = apply(connection, tx);
                tx.Release("w");
            }
            catch (SqliteException ex)
            {
                // Only this write is undone; the others in the batch still commit.
                tx.Rollback("w");
                tx.Release("w");
                _error = ex;
            }
        }

        public void Fail(Exception ex) => _error ??= ex;

        public void Complete()
        {
            if (_error is null)
            {
                committed?.Invoke(_result!);
                _done.TrySetResult(_result!);
            }
            else
            {
                _done.TrySetException(_error);
            }
        }
    }

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

    /// <summary>An Idempotency-Key remembered within the window: the payment it made and the hash of its body, or null.</summary>
    public Task<(string PaymentId, string RequestHash)?> FindIdempotencyAsync(string key, DateTimeOffset now, CancellationToken ct)
    {
        using var connection = OpenForRead();
        using var command = Command(connection, null, "SELECT payment_id, request_hash, created_at FROM idempotency WHERE key = $key");
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        return Task.FromResult<(string, string)?>(
            reader.Read() && now.ToUnixTimeMilliseconds() - reader.GetInt64(2) < (long)IdempotencyWindow.TotalMilliseconds
                ? (reader.GetString(0), reader.GetString(1))
                : null);
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

    /// <summary>Proves the journal can still be written (readiness).</summary>
    public async Task CheckWritableAsync(CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            using var connection = Open();
            using var tx = connection.BeginTransaction();
            using var command = Command(connection, tx, "CREATE TEMP TABLE IF NOT EXISTS probe (x); INSERT INTO probe VALUES (1); DELETE FROM probe;");
            command.ExecuteNonQuery();
            using var pragma = Command(connection, tx, "PRAGMA user_version = " + JournalSchema.Version);
            pragma.ExecuteNonQuery();
            tx.Commit();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Forgets idempotency keys older than the window.</summary>
    public async Task PruneIdempotencyAsync(DateTimeOffset now, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        try
        {
            using var connection = Open();
            using var command = Command(connection, null, "DELETE FROM idempotency WHERE created_at < $before");
            command.Parameters.AddWithValue("$before", (now - IdempotencyWindow).ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The durability settings actually in force on a connection (asserted by tests).</summary>
    public (string JournalMode, long Synchronous) ReadDurability()
    {
        using var connection = Open();
        using var mode = Command(connection, null, "PRAGMA journal_mode");
        using var sync = Command(connection, null, "PRAGMA synchronous");
        return ((string)mode.ExecuteScalar()!, (long)sync.ExecuteScalar()!);
    }

    public void Dispose()
    {
        _writeLock.Dispose();
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
    }

    // Reads need neither the durability nor the busy pragma (the provider retries SQLITE_BUSY up to DefaultTimeout):
    // skipping them saves two statements on every GET.
    private SqliteConnection OpenForRead()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // FULL: a commit survives power loss, not just a process crash (money is at stake).
        pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

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

/// <summary>What <see cref="PaymentJournal.TryBeginCreateAsync"/> did.</summary>
public abstract record BeginCreateResult
{
    private BeginCreateResult() { }

    public sealed record Inserted : BeginCreateResult;

    public sealed record Replay(string PaymentId) : BeginCreateResult;

    public sealed record KeyReused(string PaymentId) : BeginCreateResult;

    public sealed record TerminalBusy(string PaymentId) : BeginCreateResult;
}

public sealed record JournalQuery(
    PaymentStatus? Status, string? TerminalId, DateTimeOffset? From, DateTimeOffset? To, bool Attention, int Limit,
    (DateTimeOffset CreatedAt, string Id)? After, PaymentSystem? PaymentSystem = null);

/// <summary>One page of the journal, newest first; <see cref="Last"/> is set when more follow.</summary>
public sealed record JournalPage(IReadOnlyList<Payment> Items, Payment? Last);
