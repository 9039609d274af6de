using Npgsql;
using static Gateway.Storage.PostgreSql.PostgreSqlDatabase;
using static Gateway.Storage.PostgreSql.PostgreSqlRows;

namespace Gateway.Storage.PostgreSql;

/// <summary>
/// The payment history on PostgreSQL (<see cref="IHistoryStore"/>), table <c>payment_events</c> in the journal's
/// database. Several nodes may append to one payment's history, so no tail is kept between batches: each batch rebuilds
/// the tails of its payments from the rows (locked with the payment's advisory lock), and a clash on a row number
/// runs the batch again.
/// </summary>
public sealed class PostgreSqlHistoryStore(PostgreSqlDatabase db) : IHistoryStore
{
    public Task AppendAsync(IReadOnlyList<PaymentEvent> events, CancellationToken ct) =>
        events.Count == 0 ? Task.CompletedTask : db.WriteAsync(async (connection, tx) =>
        {
            var tails = new Dictionary<string, HistoryTail>(StringComparer.Ordinal);
            foreach (var e in events)
            {
                var paymentId = e.PaymentId ?? throw new ArgumentException("A history event needs its payment id.", nameof(events));
                if (!tails.TryGetValue(paymentId, out var tail))
                {
                    tail = tails[paymentId] = await LoadTailAsync(connection, tx, paymentId);
                }
                await ApplyAsync(connection, tx, paymentId, tail, e);
            }
            return events.Count;
        });

    public Task<IReadOnlyList<PaymentEventResponse>> ReadAsync(string paymentId, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyList<PaymentEventResponse>>(async connection =>
        {
            await using var command = Command(connection, null, """
                SELECT seq, at, last_at, count, kind, text, operation, outcome, wire_status, result_code, detail, duration_ms
                FROM payment_events WHERE payment_id = @p ORDER BY seq
                """);
            command.Parameters.AddWithValue("p", paymentId);
            return await ReadAllAsync(command, r => new PaymentEventResponse(
                r.GetInt32(0), ReadTime(r, 1), OptionalTime(r, 2), r.GetInt32(3), r.GetString(4), r.GetString(5),
                OptionalText(r, 6), OptionalText(r, 7), OptionalText(r, 8),
                r.IsDBNull(9) ? null : r.GetInt32(9), OptionalText(r, 10), r.IsDBNull(11) ? null : r.GetInt64(11)));
        });

    private static async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string paymentId, HistoryTail tail, PaymentEvent e)
    {
        var write = tail.Next(e);
        if (write == HistoryWrite.Skip)
        {
            return;
        }
        await using var command = Command(connection, tx, write == HistoryWrite.Collapse
            ? "UPDATE payment_events SET count = count + 1, last_at = @at, duration_ms = @d WHERE payment_id = @p AND seq = @s"
            : """
              INSERT INTO payment_events (payment_id, seq, at, kind, text, operation, outcome, wire_status, result_code, detail, duration_ms, collapse_key)
              VALUES (@p, @s, @at, @kind, @text, @op, @outcome, @status, @code, @detail, @d, @key)
              """);
        if (write == HistoryWrite.Insert)
        {
            command.Parameters.AddWithValue("kind", e.Kind);
            command.Parameters.AddWithValue("text", e.Text);
            command.Parameters.Add(Text("op", e.Operation));
            command.Parameters.Add(Text("outcome", e.Outcome));
            command.Parameters.Add(Text("status", e.WireStatus));
            command.Parameters.Add(new NpgsqlParameter<int?>("code", NpgsqlTypes.NpgsqlDbType.Integer) { TypedValue = e.ResultCode });
            command.Parameters.Add(Text("detail", e.Detail));
            command.Parameters.AddWithValue("key", e.CollapseKey);
        }
        command.Parameters.AddWithValue("s", tail.Seq);
        command.Parameters.AddWithValue("p", paymentId);
        command.Parameters.Add(Time("at", e.At));
        command.Parameters.Add(new NpgsqlParameter<long?>("d", NpgsqlTypes.NpgsqlDbType.Bigint) { TypedValue = e.DurationMs });
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private static async Task<HistoryTail> LoadTailAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string paymentId)
    {
        // One appender per payment at a time across the nodes, until this transaction ends.
        await using (var lockPayment = Command(connection, tx, "SELECT pg_advisory_xact_lock(hashtextextended(@p, 26))"))
        {
            lockPayment.Parameters.AddWithValue("p", paymentId);
            await lockPayment.ExecuteNonQueryAsync(CancellationToken.None);
        }
        await using var command = Command(connection, tx, "SELECT seq, collapse_key, kind, outcome FROM payment_events WHERE payment_id = @p ORDER BY seq");
        command.Parameters.AddWithValue("p", paymentId);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        var tail = new HistoryTail();
        while (await reader.ReadAsync(CancellationToken.None))
        {
            tail.Replay(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), OptionalText(reader, 3));
        }
        return tail;
    }
}
