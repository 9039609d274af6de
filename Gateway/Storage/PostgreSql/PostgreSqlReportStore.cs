using Npgsql;
using static Gateway.Storage.PostgreSql.PostgreSqlDatabase;
using static Gateway.Storage.PostgreSql.PostgreSqlRows;

namespace Gateway.Storage.PostgreSql;

/// <summary>End of day (SPEC §11) on PostgreSQL (<see cref="IReportStore"/>): sums of <c>bigint</c> kopecks, no floating point.</summary>
public sealed class PostgreSqlReportStore(PostgreSqlDatabase db) : IReportStore
{
    public Task<DaySums> ReadDaySumsAsync(DateTimeOffset from, DateTimeOffset to, bool sandbox, string? terminalId, CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            var terminal = terminalId is null ? "" : " AND p.terminal_id = @terminal";
            var rows = new List<DaySumRow>();
            await using (var paid = Period(connection, $"""
                SELECT p.terminal_id, p.payment_system, COUNT(*)::int, SUM(p.amount)::bigint FROM payments p
                WHERE p.completed_at >= @from AND p.completed_at < @to AND (p.status = 'Paid' OR p.late_paid)
                  AND p.sandbox = @sandbox{terminal}
                GROUP BY p.terminal_id, p.payment_system
                """, from, to, sandbox, terminalId))
            {
                await CollectAsync(paid, rows, refunds: false);
            }
            await using (var refunded = Period(connection, $"""
                SELECT p.terminal_id, p.payment_system, COUNT(*)::int, SUM(r.amount)::bigint FROM refunds r
                JOIN payments p ON p.id = r.payment_id
                WHERE r.completed_at >= @from AND r.completed_at < @to AND r.status = 'succeeded' AND p.sandbox = @sandbox{terminal}
                GROUP BY p.terminal_id, p.payment_system
                """, from, to, sandbox, terminalId))
            {
                await CollectAsync(refunded, rows, refunds: true);
            }
            await using var attention = Period(connection, $"""
                SELECT COUNT(*)::int FROM payments p
                WHERE p.completed_at >= @from AND p.completed_at < @to AND p.sandbox = @sandbox{terminal}
                  AND (p.late_paid OR (p.status <> 'Pending' AND p.unresolved)) -- as GET /payments?attention=true
                """, from, to, sandbox, terminalId);
            return new DaySums(rows, (int)(await attention.ExecuteScalarAsync(CancellationToken.None))!);
        });

    public Task<IReadOnlyDictionary<string, ReconciledEntry>> ReadForReconciliationAsync(IReadOnlyCollection<string> paymentIds, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyDictionary<string, ReconciledEntry>>(async connection =>
        {
            var found = new Dictionary<string, ReconciledEntry>(StringComparer.Ordinal);
            if (paymentIds.Count == 0)
            {
                return found;
            }
            await using var command = Command(connection, null, $"""
                SELECT {PaymentColumns},
                       (SELECT SUM(r.amount)::bigint FROM refunds r WHERE r.payment_id = payments.id AND r.status = 'succeeded')
                FROM payments WHERE id = ANY(@ids)
                """);
            command.Parameters.AddWithValue("ids", paymentIds.ToArray());
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
            while (await reader.ReadAsync(CancellationToken.None))
            {
                var entry = ReadPayment(reader);
                var sum = reader.FieldCount - 1;
                found[entry.Payment.Id] = new ReconciledEntry(entry.Payment, FromKopecks(reader.IsDBNull(sum) ? 0 : reader.GetInt64(sum)));
            }
            return found;
        });

    private static NpgsqlCommand Period(NpgsqlConnection connection, string sql, DateTimeOffset from, DateTimeOffset to, bool sandbox, string? terminalId)
    {
        var command = Command(connection, null, sql);
        command.Parameters.Add(Time("from", from));
        command.Parameters.Add(Time("to", to));
        command.Parameters.AddWithValue("sandbox", sandbox);
        if (terminalId is not null)
        {
            command.Parameters.AddWithValue("terminal", terminalId);
        }
        return command;
    }

    private static async Task CollectAsync(NpgsqlCommand command, List<DaySumRow> rows, bool refunds)
    {
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        while (await reader.ReadAsync(CancellationToken.None))
        {
            var system = Enum.Parse<PaymentSystem>(reader.GetString(1));
            var count = reader.GetInt32(2);
            var amount = FromKopecks(reader.IsDBNull(3) ? 0 : reader.GetInt64(3));
            rows.Add(refunds
                ? new DaySumRow(reader.GetString(0), system, 0, Money.Zero, count, amount)
                : new DaySumRow(reader.GetString(0), system, count, amount, 0, Money.Zero));
        }
    }
}
