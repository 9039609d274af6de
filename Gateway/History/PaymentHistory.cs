// Over ~250 lines on purpose: the history's writer and reader share one schema and one collapse rule; the schema text is 30 of them.
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Gateway.History;

/// <summary>
/// Each payment's append-only event list (SQLite table <c>payment_events</c>, in <c>history.db</c> beside the journal).
/// Recorders only enqueue (no I/O on the payment's path); one background writer commits batches, collapses
/// consecutive identical events into one row (count + last time) and drops the once-only kinds already written
/// (they are re-derived after a restart). History is informational: the money's truth stays in the journal,
/// which is why it lives in a file of its own — its writes never wait for, or delay, the journal's fsync.
/// </summary>
public sealed partial class PaymentHistory : BackgroundService
{
    public const string FileName = "history.db";
    private const int MaxBatch = 500;
    private const int MaxCached = 10_000;

    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS payment_events (
            payment_id   TEXT NOT NULL,
            seq          INTEGER NOT NULL,
            at           INTEGER NOT NULL,
            last_at      INTEGER NULL,
            count        INTEGER NOT NULL DEFAULT 1,
            kind         TEXT NOT NULL,
            text         TEXT NOT NULL,
            operation    TEXT NULL,
            outcome      TEXT NULL,
            wire_status  TEXT NULL,
            result_code  INTEGER NULL,
            detail       TEXT NULL,
            duration_ms  INTEGER NULL,
            collapse_key TEXT NOT NULL,
            PRIMARY KEY (payment_id, seq)
        ) WITHOUT ROWID;
        """;

    private readonly Channel<object> _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(100_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropWrite,
    });
    private readonly string _connectionString;
    private readonly string _journalConnectionString;
    private readonly ILogger<PaymentHistory> _logger;
    // Writer-only state: the last row of each payment seen lately, and which once-only kinds it has.
    private readonly Dictionary<string, Tail> _tails = new(StringComparer.Ordinal);

    public PaymentHistory(string directory, string journalPath, ILogger<PaymentHistory> logger)
    {
        _logger = logger;
        Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, FileName), Pooling = true }.ToString();
        _journalConnectionString = new SqliteConnectionStringBuilder { DataSource = journalPath, Mode = SqliteOpenMode.ReadOnly, Pooling = true }.ToString();
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = Schema;
            command.ExecuteNonQuery();
        }
        catch (SqliteException ex)
        {
            // History must never keep the gateway from taking payments: without its file it just records nothing.
            LogWriteFailed(ex, 0);
        }
    }

    /// <summary>Transaction id → payment id, learnt from create answers and committed payments.</summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<string, string> Transactions { get; } = new(StringComparer.Ordinal);

    /// <summary>Queues the event; never blocks, never throws.</summary>
    public void Record(PaymentEvent e)
    {
        if (!_queue.Writer.TryWrite(e))
        {
            LogDropped(e.PaymentId ?? e.TransactionId);
        }
    }

    /// <summary>The payment's events, oldest first, including every event queued before this call.</summary>
    public async Task<IReadOnlyList<PaymentEventResponse>> ReadAsync(string paymentId, CancellationToken ct)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_queue.Writer.TryWrite(flushed))
        {
            // Bounded: a stuck writer must not hang the admin page; it then shows what is on disk.
            await Task.WhenAny(flushed.Task, Task.Delay(TimeSpan.FromSeconds(5), ct));
        }
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT seq, at, last_at, count, kind, text, operation, outcome, wire_status, result_code, detail, duration_ms
            FROM payment_events WHERE payment_id = $p ORDER BY seq
            """;
        command.Parameters.AddWithValue("$p", paymentId);
        using var reader = command.ExecuteReader();
        var list = new List<PaymentEventResponse>();
        while (reader.Read())
        {
            list.Add(new PaymentEventResponse(
                reader.GetInt32(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                reader.GetInt32(3), reader.GetString(4), reader.GetString(5),
                Text(reader, 6), Text(reader, 7), Text(reader, 8),
                reader.IsDBNull(9) ? null : reader.GetInt32(9), Text(reader, 10),
                reader.IsDBNull(11) ? null : reader.GetInt64(11)));
        }
        return list;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<object>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }
                Commit(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: commit what is already queued, so a clean shutdown loses nothing.
            while (_queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            Commit(batch);
        }
    }

    private void Commit(List<object> batch)
    {
        var events = batch.OfType<PaymentEvent>().ToList();
        try
        {
            if (events.Count > 0)
            {
                using var connection = Open();
                using var tx = connection.BeginTransaction();
                foreach (var e in events)
                {
                    Apply(connection, tx, e);
                }
                tx.Commit();
            }
        }
        catch (Exception ex)
        {
            // Informational data: log and go on (a crashed writer would stop the host); the tails may be stale now.
            _tails.Clear();
            LogWriteFailed(ex, events.Count);
        }
        finally
        {
            foreach (var flushed in batch.OfType<TaskCompletionSource>())
            {
                flushed.TrySetResult();
            }
        }
    }

    private void Apply(SqliteConnection connection, SqliteTransaction tx, PaymentEvent e)
    {
        var paymentId = e.PaymentId ?? (e.TransactionId is { } t ? FindPayment(t) : null);
        if (paymentId is null)
        {
            return; // a call about no payment of ours (the connection check's made-up transaction)
        }
        if (_tails.Count > MaxCached)
        {
            _tails.Clear();
        }
        if (!_tails.TryGetValue(paymentId, out var tail))
        {
            tail = _tails[paymentId] = LoadTail(connection, tx, paymentId);
        }
        var key = e.CollapseKey;
        if (e.Kind == PaymentEventKinds.Resolved && !tail.WasUnresolved)
        {
            return;
        }
        if (PaymentEventKinds.IsOnce(e.Kind) && !tail.Once.Add(e.Kind))
        {
            return;
        }
        tail.WasUnresolved |= e.Kind == PaymentEventKinds.Final && e.Outcome == HistoryObserver.UnresolvedMark;
        var at = e.At.ToUnixTimeMilliseconds();
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        if (tail.Seq > 0 && tail.Key == key && e.Kind == PaymentEventKinds.WebMoneyCall)
        {
            command.CommandText = "UPDATE payment_events SET count = count + 1, last_at = $at, duration_ms = $d WHERE payment_id = $p AND seq = $s";
            command.Parameters.AddWithValue("$s", tail.Seq);
        }
        else
        {
            tail.Seq++;
            tail.Key = key;
            command.CommandText = """
                INSERT INTO payment_events (payment_id, seq, at, kind, text, operation, outcome, wire_status, result_code, detail, duration_ms, collapse_key)
                VALUES ($p, $s, $at, $kind, $text, $op, $outcome, $status, $code, $detail, $d, $key)
                """;
            command.Parameters.AddWithValue("$s", tail.Seq);
            command.Parameters.AddWithValue("$kind", e.Kind);
            command.Parameters.AddWithValue("$text", e.Text);
            command.Parameters.AddWithValue("$op", (object?)e.Operation ?? DBNull.Value);
            command.Parameters.AddWithValue("$outcome", (object?)e.Outcome ?? DBNull.Value);
            command.Parameters.AddWithValue("$status", (object?)e.WireStatus ?? DBNull.Value);
            command.Parameters.AddWithValue("$code", (object?)e.ResultCode ?? DBNull.Value);
            command.Parameters.AddWithValue("$detail", (object?)e.Detail ?? DBNull.Value);
            command.Parameters.AddWithValue("$key", key);
        }
        command.Parameters.AddWithValue("$p", paymentId);
        command.Parameters.AddWithValue("$at", at);
        command.Parameters.AddWithValue("$d", (object?)e.DurationMs ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    private static Tail LoadTail(SqliteConnection connection, SqliteTransaction tx, string paymentId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT seq, collapse_key, kind, outcome FROM payment_events WHERE payment_id = $p ORDER BY seq";
        command.Parameters.AddWithValue("$p", paymentId);
        using var reader = command.ExecuteReader();
        var tail = new Tail();
        while (reader.Read())
        {
            tail.Seq = reader.GetInt32(0);
            tail.Key = reader.GetString(1);
            tail.Once.Add(reader.GetString(2));
            tail.WasUnresolved |= reader.GetString(2) == PaymentEventKinds.Final && !reader.IsDBNull(3) && reader.GetString(3) == HistoryObserver.UnresolvedMark;
        }
        return tail;
    }

    /// <summary>After a restart the map is empty: the journal knows which payment a transaction belongs to.</summary>
    private string? FindPayment(string transactionId)
    {
        if (Transactions.TryGetValue(transactionId, out var known))
        {
            return known;
        }
        try
        {
            using var connection = new SqliteConnection(_journalConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT id FROM payments WHERE transaction_id = $t LIMIT 1";
            command.Parameters.AddWithValue("$t", transactionId);
            if (command.ExecuteScalar() is string id)
            {
                Transactions[transactionId] = id;
                return id;
            }
        }
        catch (SqliteException ex)
        {
            LogLookupFailed(ex);
        }
        return null;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // NORMAL: history may lose its last events on power loss; the journal (FULL) keeps the money.
        pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private sealed class Tail
    {
        public int Seq { get; set; }
        public string? Key { get; set; }
        public bool WasUnresolved { get; set; }
        public HashSet<string> Once { get; } = new(StringComparer.Ordinal);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment history queue full: an event of {Payment} was dropped")]
    private partial void LogDropped(string? payment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} payment history event(s) failed; they are lost (the journal is not affected)")]
    private partial void LogWriteFailed(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking up a transaction's payment in the journal failed")]
    private partial void LogLookupFailed(Exception ex);
}
