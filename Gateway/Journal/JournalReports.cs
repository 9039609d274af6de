using Microsoft.Data.Sqlite;

namespace Gateway.Journal;

/// <summary>
/// End of day (SPEC §11) on the journal file: the sums of a period and the rows a reconciliation compares (the one
/// change a reconciliation may make, latePaid, is <see cref="PaymentJournal.MarkLatePaidAsync"/>). Amounts are summed
/// in SQL as whole kopecks parsed from the invariant text, so no floating point touches money.
/// </summary>
public sealed class JournalReports(string databasePath) : IReportStore
{
    private readonly JournalFile _file = new(databasePath);

    /// <summary>
    /// The indexes the reports need (the payments one covers every column the day's queries read, so a day is one
    /// index range and no table lookups: 2–3× faster than an index on completed_at alone, see B6), after the refunds
    /// table (whichever journal class opens the file first creates it; both use <see cref="RefundSchema"/>).
    /// </summary>
    /// <remarks>Created by <see cref="PaymentJournal"/> when it opens the file.</remarks>
    public const string Schema = RefundSchema.Create + """
        CREATE INDEX IF NOT EXISTS ix_payments_completed
            ON payments (completed_at, sandbox, terminal_id, payment_system, status, late_paid, unresolved, amount);
        CREATE INDEX IF NOT EXISTS ix_refunds_completed ON refunds (completed_at);
        """;

    /// <summary>
    /// Per terminal and system: payments paid (status paid, or latePaid) that ended in [from, to), and refunds that
    /// succeeded in [from, to); plus the payments ended in the period that need the administrator (attention).
    /// </summary>
    public Task<DaySums> ReadDaySumsAsync(DateTimeOffset from, DateTimeOffset to, bool sandbox, string? terminalId, CancellationToken ct)
    {
        using var connection = _file.OpenForRead();
        var terminal = terminalId is null ? "" : " AND p.terminal_id = $terminal";
        var rows = new List<DaySumRow>();
        using (var paid = Period(connection, $"""
            SELECT p.terminal_id, p.payment_system, COUNT(*), SUM({Kopecks("p.amount")}) FROM payments p
            WHERE p.completed_at >= $from AND p.completed_at < $to AND (p.status = 'Paid' OR p.late_paid = 1)
              AND p.sandbox = $sandbox{terminal}
            GROUP BY p.terminal_id, p.payment_system
            """, from, to, sandbox, terminalId))
        {
            Collect(paid, rows, refunds: false);
        }
        using (var refunded = Period(connection, $"""
            SELECT p.terminal_id, p.payment_system, COUNT(*), SUM({Kopecks("r.amount")}) FROM refunds r
            JOIN payments p ON p.id = r.payment_id
            WHERE r.completed_at >= $from AND r.completed_at < $to AND r.status = 'succeeded' AND p.sandbox = $sandbox{terminal}
            GROUP BY p.terminal_id, p.payment_system
            """, from, to, sandbox, terminalId))
        {
            Collect(refunded, rows, refunds: true);
        }
        using var attention = Period(connection, $"""
            SELECT COUNT(*) FROM payments p
            WHERE p.completed_at >= $from AND p.completed_at < $to AND p.sandbox = $sandbox{terminal}
              AND (p.late_paid = 1 OR (p.status <> 'Pending' AND p.unresolved = 1)) -- as GET /payments?attention=true
            """, from, to, sandbox, terminalId);
        var attentionCount = Convert.ToInt32(attention.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        return Task.FromResult(new DaySums(rows, attentionCount));
    }

    /// <summary>The journal's view of the given payments (by id), with the sum of their succeeded refunds.</summary>
    public Task<IReadOnlyDictionary<string, ReconciledEntry>> ReadForReconciliationAsync(IReadOnlyCollection<string> paymentIds, CancellationToken ct)
    {
        var found = new Dictionary<string, ReconciledEntry>(StringComparer.Ordinal);
        if (paymentIds.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<string, ReconciledEntry>>(found);
        }
        using var connection = _file.OpenForRead();
        using var command = JournalFile.Command(connection, null, $"""
            SELECT {JournalRows.Columns},
                   (SELECT SUM({Kopecks("r.amount")}) FROM refunds r WHERE r.payment_id = payments.id AND r.status = 'succeeded')
            FROM payments WHERE id IN (SELECT value FROM json_each($ids))
            """);
        command.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(paymentIds));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var entry = JournalRows.Read(reader);
            // The sum is the column after the payment's own (their count grows with the schema).
            var sum = reader.FieldCount - 1;
            var refunded = reader.IsDBNull(sum) ? 0 : reader.GetInt64(sum);
            found[entry.Payment.Id] = new ReconciledEntry(entry.Payment, FromKopecks(refunded));
        }
        return Task.FromResult<IReadOnlyDictionary<string, ReconciledEntry>>(found);
    }

    public static decimal FromKopecks(long kopecks) => kopecks * 0.01m;

    // Whole kopecks of an invariant amount text ("1234.5" → 123450) without passing through a float. Amounts carry at
    // most two decimals (validated before anything is journalled, SPEC §3).
    private static string Kopecks(string column) =>
        $"(CAST(substr({column}, 1, instr({column} || '.', '.') - 1) AS INTEGER) * 100"
        + $" + CAST(substr(substr({column}, instr({column} || '.', '.') + 1) || '00', 1, 2) AS INTEGER))";

    private static SqliteCommand Period(SqliteConnection connection, string sql, DateTimeOffset from, DateTimeOffset to, bool sandbox, string? terminalId)
    {
        var command = JournalFile.Command(connection, null, sql);
        command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$sandbox", sandbox ? 1 : 0);
        if (terminalId is not null)
        {
            command.Parameters.AddWithValue("$terminal", terminalId);
        }
        return command;
    }

    private static void Collect(SqliteCommand command, List<DaySumRow> rows, bool refunds)
    {
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var system = Enum.Parse<PaymentSystem>(reader.GetString(1));
            var count = reader.GetInt32(2);
            var amount = FromKopecks(reader.IsDBNull(3) ? 0 : reader.GetInt64(3));
            rows.Add(refunds
                ? new DaySumRow(reader.GetString(0), system, 0, 0m, count, amount)
                : new DaySumRow(reader.GetString(0), system, count, amount, 0, 0m));
        }
    }
}
