using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gateway.Journal;

/// <summary>
/// The <c>refunds</c> table in the journal file (payments.db), created at start if missing. Amounts are invariant
/// text, times unix ms, like the payments table. The first twelve columns are the reporting contract (end of day
/// queries them); the rest is the executor's state.
/// </summary>
internal static class RefundSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS refunds (
            id                    TEXT PRIMARY KEY,
            payment_id            TEXT NOT NULL,
            amount                TEXT NOT NULL,
            currency              TEXT NOT NULL,
            status                TEXT NOT NULL,
            reason                TEXT NULL,
            refund_transaction_id TEXT NULL,
            created_at            INTEGER NOT NULL,
            completed_at          INTEGER NULL,
            error_code            TEXT NULL,
            error_message         TEXT NULL,
            unresolved            INTEGER NOT NULL DEFAULT 0,
            transaction_id        TEXT NOT NULL,
            idempotency_key       TEXT NULL,
            request_hash          TEXT NULL,
            version               INTEGER NOT NULL,
            technical_errors      INTEGER NOT NULL DEFAULT 0,
            max_status_errors     INTEGER NOT NULL,
            checks                INTEGER NOT NULL DEFAULT 0,
            next_check_at         INTEGER NULL,
            may_have_arrived      INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS ix_refunds_payment ON refunds (payment_id, created_at);
        CREATE INDEX IF NOT EXISTS ix_refunds_active ON refunds (status, unresolved);
        CREATE INDEX IF NOT EXISTS ix_refunds_key ON refunds (idempotency_key);
        """;

    public const string Columns = """
        id, payment_id, amount, currency, status, reason, refund_transaction_id, created_at, completed_at, error_code,
        error_message, unresolved, transaction_id, version, technical_errors, max_status_errors, checks, next_check_at,
        may_have_arrived
        """;

    public static string StatusText(RefundStatus status) => status switch
    {
        RefundStatus.Pending => "pending",
        RefundStatus.Succeeded => "succeeded",
        _ => "failed",
    };

    public static void Bind(SqliteCommand command, Refund r)
    {
        var p = command.Parameters;
        p.AddWithValue("$id", r.Id);
        p.AddWithValue("$payment_id", r.PaymentId);
        p.AddWithValue("$amount", r.Amount.ToString(CultureInfo.InvariantCulture));
        p.AddWithValue("$currency", r.Currency);
        p.AddWithValue("$status", StatusText(r.Status));
        p.AddWithValue("$reason", (object?)r.Reason ?? DBNull.Value);
        p.AddWithValue("$refund_transaction_id", (object?)r.RefundTransactionId ?? DBNull.Value);
        p.AddWithValue("$created_at", r.CreatedAt.ToUnixTimeMilliseconds());
        p.AddWithValue("$completed_at", (object?)r.CompletedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        p.AddWithValue("$error_code", (object?)r.Error?.Code ?? DBNull.Value);
        p.AddWithValue("$error_message", (object?)r.Error?.Message ?? DBNull.Value);
        p.AddWithValue("$unresolved", r.Unresolved ? 1 : 0);
        p.AddWithValue("$transaction_id", r.TransactionId);
        p.AddWithValue("$version", r.Version);
        p.AddWithValue("$technical_errors", r.TechnicalErrors);
        p.AddWithValue("$max_status_errors", r.MaxStatusErrors);
        p.AddWithValue("$checks", r.Checks);
        p.AddWithValue("$next_check_at", (object?)r.NextCheckAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        p.AddWithValue("$may_have_arrived", r.MayHaveArrived ? 1 : 0);
    }

    public static Refund Read(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        PaymentId = r.GetString(1),
        Amount = decimal.Parse(r.GetString(2), CultureInfo.InvariantCulture),
        Currency = r.GetString(3),
        Status = r.GetString(4) switch { "pending" => RefundStatus.Pending, "succeeded" => RefundStatus.Succeeded, _ => RefundStatus.Failed },
        Reason = r.IsDBNull(5) ? null : r.GetString(5),
        RefundTransactionId = r.IsDBNull(6) ? null : r.GetString(6),
        CreatedAt = Time(r.GetInt64(7)),
        CompletedAt = r.IsDBNull(8) ? null : Time(r.GetInt64(8)),
        Error = r.IsDBNull(9) ? null : new PaymentError(r.GetString(9), r.IsDBNull(10) ? "" : r.GetString(10)),
        Unresolved = r.GetInt64(11) != 0,
        TransactionId = r.GetString(12),
        Version = r.GetInt64(13),
        TechnicalErrors = r.GetInt32(14),
        MaxStatusErrors = r.GetInt32(15),
        Checks = r.GetInt32(16),
        NextCheckAt = r.IsDBNull(17) ? null : Time(r.GetInt64(17)),
        MayHaveArrived = r.GetInt64(18) != 0,
    };

    /// <summary>A refunds table made before <c>may_have_arrived</c> (journal schema 3) gets it; its rows read as "no".</summary>
    public static void Migrate(SqliteConnection connection) =>
        Journal.JournalSchema.AddColumnIfMissing(connection, "refunds", "may_have_arrived", "INTEGER NOT NULL DEFAULT 0");

    private static DateTimeOffset Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
}
