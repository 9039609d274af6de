using Microsoft.Data.Sqlite;

namespace Gateway.Journal;

/// <summary>
/// The payment history on SQLite (<see cref="IHistoryStore"/>): table <c>payment_events</c> in <c>history.db</c> beside
/// the journal, a file of its own so its writes never wait for, or delay, the journal's fsync. One appender (the
/// history writer) at a time: the tails of the payments seen lately are kept here between batches.
/// </summary>
public sealed class HistoryJournal : IHistoryStore
{
    public const string FileName = "history.db";
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

    private readonly string _connectionString;
    private readonly Dictionary<string, HistoryTail> _tails = new(StringComparer.Ordinal);
    private volatile bool _created;

    /// <param name="directory">The data directory (created if missing); the file is <see cref="FileName"/> in it.</param>
    public HistoryJournal(string directory)
    {
        Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, FileName), Pooling = true }.ToString();
    }

    public Task AppendAsync(IReadOnlyList<PaymentEvent> events, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return Task.CompletedTask;
        }
        try
        {
            using var connection = Open();
            using var tx = connection.BeginTransaction();
            foreach (var e in events)
            {
                Apply(connection, tx, e);
            }
            tx.Commit();
        }
        catch
        {
            // The tails may now be ahead of the file: rebuilt from it on the next append.
            _tails.Clear();
            throw;
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PaymentEventResponse>> ReadAsync(string paymentId, CancellationToken ct)
    {
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
        return Task.FromResult<IReadOnlyList<PaymentEventResponse>>(list);
    }

    private void Apply(SqliteConnection connection, SqliteTransaction tx, PaymentEvent e)
    {
        var paymentId = e.PaymentId ?? throw new ArgumentException("A history event needs its payment id.", nameof(e));
        if (_tails.Count > MaxCached)
        {
            _tails.Clear();
        }
        if (!_tails.TryGetValue(paymentId, out var tail))
        {
            tail = _tails[paymentId] = LoadTail(connection, tx, paymentId);
        }
        var write = tail.Next(e);
        if (write == HistoryWrite.Skip)
        {
            return;
        }
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        if (write == HistoryWrite.Collapse)
        {
            command.CommandText = "UPDATE payment_events SET count = count + 1, last_at = $at, duration_ms = $d WHERE payment_id = $p AND seq = $s";
        }
        else
        {
            command.CommandText = """
                INSERT INTO payment_events (payment_id, seq, at, kind, text, operation, outcome, wire_status, result_code, detail, duration_ms, collapse_key)
                VALUES ($p, $s, $at, $kind, $text, $op, $outcome, $status, $code, $detail, $d, $key)
                """;
            command.Parameters.AddWithValue("$kind", e.Kind);
            command.Parameters.AddWithValue("$text", e.Text);
            command.Parameters.AddWithValue("$op", (object?)e.Operation ?? DBNull.Value);
            command.Parameters.AddWithValue("$outcome", (object?)e.Outcome ?? DBNull.Value);
            command.Parameters.AddWithValue("$status", (object?)e.WireStatus ?? DBNull.Value);
            command.Parameters.AddWithValue("$code", (object?)e.ResultCode ?? DBNull.Value);
            command.Parameters.AddWithValue("$detail", (object?)e.Detail ?? DBNull.Value);
            command.Parameters.AddWithValue("$key", e.CollapseKey);
        }
        command.Parameters.AddWithValue("$s", tail.Seq);
        command.Parameters.AddWithValue("$p", paymentId);
        command.Parameters.AddWithValue("$at", e.At.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$d", (object?)e.DurationMs ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    private static HistoryTail LoadTail(SqliteConnection connection, SqliteTransaction tx, string paymentId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT seq, collapse_key, kind, outcome FROM payment_events WHERE payment_id = $p ORDER BY seq";
        command.Parameters.AddWithValue("$p", paymentId);
        using var reader = command.ExecuteReader();
        var tail = new HistoryTail();
        while (reader.Read())
        {
            tail.Replay(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), Text(reader, 3));
        }
        return tail;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // NORMAL: history may lose its last events on power loss; the journal (FULL) keeps the money.
        pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";
        pragma.ExecuteNonQuery();
        if (!_created)
        {
            // On first use rather than at construction: a history file that cannot be made must never keep the
            // gateway from starting (the writer logs the failure and the journal goes on).
            using var schema = connection.CreateCommand();
            schema.CommandText = Schema;
            schema.ExecuteNonQuery();
            _created = true;
        }
        return connection;
    }

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
