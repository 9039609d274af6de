using Microsoft.Data.Sqlite;

namespace Gateway.Journal;

/// <summary>The journal's tables. Amounts are stored as invariant text: SQLite has no decimal type.</summary>
internal static class JournalSchema
{
    /// <summary>2: <c>cancel_requested</c> (a cancel journalled before it is sent, with its reason). 3: <c>pos_number</c>.</summary>
    public const int Version = 3;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS payments (
            id                TEXT PRIMARY KEY,
            status            TEXT NOT NULL,
            terminal_id       TEXT NOT NULL,
            receipt_id        TEXT NULL,
            description       TEXT NULL,
            amount            TEXT NOT NULL,
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
        MigrateFromVersion1(connection);
        AddPosNumber(connection);
        command.CommandText = $"PRAGMA user_version={Version};";
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// 3 (SPEC §15): the PosNumber a payment went out under, so its later calls keep that identity. A v2 file gets the
    /// column; its rows (NULL) went out under the store's PosNumber, the only one there was.
    /// </summary>
    private static void AddPosNumber(SqliteConnection connection)
    {
        using var columns = connection.CreateCommand();
        columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('payments') WHERE name = 'pos_number'";
        if ((long)columns.ExecuteScalar()! == 0)
        {
            using var alter = connection.CreateCommand();
            alter.CommandText = "ALTER TABLE payments ADD COLUMN pos_number TEXT NULL";
            alter.ExecuteNonQuery();
        }
    }

    /// <summary>A v1 file (made before cancel_requested existed) gets the column; its rows read as "no cancel requested".</summary>
    private static void MigrateFromVersion1(SqliteConnection connection)
    {
        using var columns = connection.CreateCommand();
        columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('payments') WHERE name = 'cancel_requested'";
        if ((long)columns.ExecuteScalar()! == 0)
        {
            using var alter = connection.CreateCommand();
            alter.CommandText = "ALTER TABLE payments ADD COLUMN cancel_requested TEXT NULL";
            alter.ExecuteNonQuery();
        }
    }
}
