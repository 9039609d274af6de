using Microsoft.Data.Sqlite;

namespace Gateway.Journal;

/// <summary>The journal's tables. Amounts are whole kopecks (<see cref="Money"/>): SQLite has no decimal type.</summary>
internal static class JournalSchema
{
    /// <summary>
    /// 2: <c>cancel_requested</c> (a cancel journalled before it is sent, with its reason). 3:
    /// <c>create_may_have_arrived</c> (a create sent without a readable answer) and, in the refunds table,
    /// <c>may_have_arrived</c> (the same for RefundPayment; added by <c>RefundSchema</c> when the refunds journal opens).
    /// 4: <c>pos_number</c> (SPEC §15: the PosNumber a payment went out under; NULL in older rows: the store's, the only one there was).
    /// 5: <c>amount</c> of payments and refunds as INTEGER kopecks, no longer invariant text (<see cref="JournalAmounts"/>).
    /// </summary>
    public const int Version = 5;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS payments (
            id                TEXT PRIMARY KEY,
            status            TEXT NOT NULL,
            terminal_id       TEXT NOT NULL,
            receipt_id        TEXT NULL,
            description       TEXT NULL,
            amount            INTEGER NOT NULL,
            currency          TEXT NOT NULL,
            payment_system    TEXT NOT NULL,
            payment_type_code INTEGER NULL,
            transaction_id    TEXT NULL,
            qr_payload        TEXT NULL,
            created_at        INTEGER NOT NULL,
            deadline          INTEGER NOT NULL,
            completed_at      INTEGER NULL,
            error_code        TEXT NULL,
            error_message     TEXT NULL,
            sandbox           INTEGER NOT NULL,
            late_paid         INTEGER NOT NULL DEFAULT 0,
            version           INTEGER NOT NULL,
            technical_errors  INTEGER NOT NULL DEFAULT 0,
            max_status_errors INTEGER NOT NULL,
            unresolved        INTEGER NOT NULL DEFAULT 0,
            cancel_confirmed  INTEGER NOT NULL DEFAULT 0,
            next_recheck_at   INTEGER NULL,
            rechecks          INTEGER NOT NULL DEFAULT 0,
            cancel_requested  TEXT NULL,
            create_may_have_arrived INTEGER NOT NULL DEFAULT 0,
            pos_number        TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_payments_created ON payments (created_at DESC, id DESC);
        CREATE INDEX IF NOT EXISTS ix_payments_terminal ON payments (terminal_id, status);
        CREATE INDEX IF NOT EXISTS ix_payments_active ON payments (status, unresolved);
        CREATE TABLE IF NOT EXISTS idempotency (
            key          TEXT PRIMARY KEY,
            request_hash TEXT NOT NULL,
            payment_id   TEXT NOT NULL,
            created_at   INTEGER NOT NULL
        );
        """;

    public static void Apply(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        // WAL survives in the file; synchronous=FULL is per connection (set on every open).
        command.CommandText = "PRAGMA journal_mode=WAL;" + Create;
        command.ExecuteNonQuery();
        // An earlier file is brought up to this version in one transaction, the version recorded with it.
        using var tx = connection.BeginTransaction(deferred: false);
        AddColumnIfMissing(connection, "payments", "cancel_requested", "TEXT NULL", tx);
        AddColumnIfMissing(connection, "payments", "create_may_have_arrived", "INTEGER NOT NULL DEFAULT 0", tx);
        AddColumnIfMissing(connection, "payments", "pos_number", "TEXT NULL", tx);
        JournalAmounts.ToKopecks(connection, tx);
        RecordVersion(connection, tx);
        tx.Commit();
    }

    /// <summary>
    /// The refunds journal may open the file first: its amounts are converted then (payments' too, with the version
    /// recorded, so an older gateway never reads kopecks as rubles); the payment journal's <see cref="Apply"/> does the rest.
    /// </summary>
    public static void ConvertAmounts(SqliteConnection connection)
    {
        using var tx = connection.BeginTransaction(deferred: false);
        if (JournalAmounts.ToKopecks(connection, tx))
        {
            RecordVersion(connection, tx);
        }
        tx.Commit();
    }

    private static void RecordVersion(SqliteConnection connection, SqliteTransaction tx)
    {
        using var version = JournalFile.Command(connection, tx, $"PRAGMA user_version={Version};");
        version.ExecuteNonQuery();
    }

    /// <summary>
    /// A file made before <paramref name="column"/> existed gets it (v1: <c>cancel_requested</c>, v2:
    /// <c>create_may_have_arrived</c>); its rows read the column's default ("no cancel requested", "no").
    /// </summary>
    public static void AddColumnIfMissing(SqliteConnection connection, string table, string column, string definition,
        SqliteTransaction? tx = null)
    {
        using var columns = JournalFile.Command(connection, tx, "");
        columns.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = $column";
        columns.Parameters.AddWithValue("$column", column);
        if ((long)columns.ExecuteScalar()! == 0)
        {
            using var alter = JournalFile.Command(connection, tx, $"ALTER TABLE {table} ADD COLUMN {column} {definition}");
            alter.ExecuteNonQuery();
        }
    }
}
