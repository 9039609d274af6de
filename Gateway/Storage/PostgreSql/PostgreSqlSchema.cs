using Gateway.Journal;
using Npgsql;

namespace Gateway.Storage.PostgreSql;

/// <summary>
/// The journal's tables on PostgreSQL, created and migrated by the gateway at start. Amounts are <c>bigint</c> kopecks,
/// times <c>timestamptz</c> (written from UTC <see cref="DateTimeOffset"/>s). The database itself enforces what must hold
/// across nodes: one pending payment per terminal (a partial unique index: <c>terminal_busy</c>) and each payment
/// Idempotency-Key once (the primary key of <c>idempotency</c>).
/// </summary>
internal static class PostgreSqlSchema
{
    /// <summary>Taken for the migration's transaction: two nodes starting together migrate one after the other.</summary>
    public const long MigrationLock = 0x4C50_4721_0001; // "LPG!" + 1

    /// <summary>Each migration once, in order; <c>journal_schema</c> records the ones applied (the highest is the version).</summary>
    private static readonly string[] Migrations =
    [
        // 1: payments, idempotency keys, refunds, history events.
        """
        CREATE TABLE payments (
            id                      text PRIMARY KEY,
            status                  text NOT NULL,
            terminal_id             text NOT NULL,
            receipt_id              text NULL,
            description             text NULL,
            amount                  bigint NOT NULL CHECK (amount > 0),
            currency                text NOT NULL,
            payment_system          text NOT NULL,
            payment_type_code       integer NULL,
            transaction_id          text NULL,
            qr_payload              text NULL,
            created_at              timestamptz NOT NULL,
            deadline                timestamptz NOT NULL,
            completed_at            timestamptz NULL,
            error_code              text NULL,
            error_message           text NULL,
            sandbox                 boolean NOT NULL,
            late_paid               boolean NOT NULL DEFAULT false,
            version                 bigint NOT NULL,
            technical_errors        integer NOT NULL DEFAULT 0,
            max_status_errors       integer NOT NULL,
            unresolved              boolean NOT NULL DEFAULT false,
            cancel_confirmed        boolean NOT NULL DEFAULT false,
            next_recheck_at         timestamptz NULL,
            rechecks                integer NOT NULL DEFAULT 0,
            cancel_requested        text NULL,
            create_may_have_arrived boolean NOT NULL DEFAULT false,
            pos_number              text NULL
        );
        CREATE UNIQUE INDEX ux_payments_pending_terminal ON payments (terminal_id) WHERE status = 'Pending';
        CREATE INDEX ix_payments_created ON payments (created_at DESC, id DESC);
        CREATE INDEX ix_payments_terminal ON payments (terminal_id, created_at DESC);
        CREATE INDEX ix_payments_active ON payments (status, unresolved);
        CREATE INDEX ix_payments_transaction ON payments (transaction_id);
        CREATE INDEX ix_payments_completed ON payments (completed_at);
        CREATE TABLE idempotency (
            key          text PRIMARY KEY,
            request_hash text NOT NULL,
            payment_id   text NOT NULL,
            created_at   timestamptz NOT NULL
        );
        CREATE TABLE refunds (
            id                    text PRIMARY KEY,
            payment_id            text NOT NULL REFERENCES payments (id),
            amount                bigint NOT NULL CHECK (amount > 0),
            currency              text NOT NULL,
            status                text NOT NULL,
            reason                text NULL,
            refund_transaction_id text NULL,
            created_at            timestamptz NOT NULL,
            completed_at          timestamptz NULL,
            error_code            text NULL,
            error_message         text NULL,
            unresolved            boolean NOT NULL DEFAULT false,
            transaction_id        text NOT NULL,
            idempotency_key       text NULL,
            request_hash          text NULL,
            version               bigint NOT NULL,
            technical_errors      integer NOT NULL DEFAULT 0,
            max_status_errors     integer NOT NULL,
            checks                integer NOT NULL DEFAULT 0,
            next_check_at         timestamptz NULL,
            may_have_arrived      boolean NOT NULL DEFAULT false
        );
        CREATE INDEX ix_refunds_payment ON refunds (payment_id, created_at);
        CREATE INDEX ix_refunds_active ON refunds (status, unresolved);
        CREATE INDEX ix_refunds_key ON refunds (idempotency_key, created_at DESC);
        CREATE INDEX ix_refunds_completed ON refunds (completed_at);
        CREATE TABLE payment_events (
            payment_id   text NOT NULL,
            seq          integer NOT NULL,
            at           timestamptz NOT NULL,
            last_at      timestamptz NULL,
            count        integer NOT NULL DEFAULT 1,
            kind         text NOT NULL,
            text         text NOT NULL,
            operation    text NULL,
            outcome      text NULL,
            wire_status  text NULL,
            result_code  integer NULL,
            detail       text NULL,
            duration_ms  bigint NULL,
            collapse_key text NOT NULL,
            PRIMARY KEY (payment_id, seq)
        );
        """,
        // 2: leases (SPEC §14): which node works a payment or refund, until when (the database's clock); scheduled jobs.
        """
        ALTER TABLE payments ADD COLUMN lease_owner text NULL, ADD COLUMN lease_until timestamptz NULL;
        ALTER TABLE refunds ADD COLUMN lease_owner text NULL, ADD COLUMN lease_until timestamptz NULL;
        CREATE INDEX ix_payments_work ON payments (created_at) WHERE status = 'Pending' OR unresolved;
        CREATE INDEX ix_refunds_work ON refunds (created_at) WHERE status = 'pending';
        CREATE TABLE scheduled_jobs (
            name        text PRIMARY KEY,
            lease_owner text NULL,
            lease_until timestamptz NULL,
            next_run_at timestamptz NOT NULL
        );
        """,
        // 3: the cashier's cancel of a payment another live node works, recorded for that node (or for its adopter).
        """
        ALTER TABLE payments ADD COLUMN cancel_requested_at timestamptz NULL;
        CREATE INDEX ix_payments_cancel_requests ON payments (lease_owner) WHERE cancel_requested_at IS NOT NULL;
        """,
    ];

    /// <summary>The schema this build writes.</summary>
    public static int Version => Migrations.Length;

    /// <summary>
    /// Brings the database to <see cref="Version"/> in one transaction under <see cref="MigrationLock"/> (a second
    /// node waits, then finds nothing left to do). A database migrated by a newer gateway is refused untouched.
    /// </summary>
    /// <param name="dataSource">The journal's database.</param>
    /// <param name="describedAs">How a refusal names it (never with the password).</param>
    /// <param name="ct">Cancels the migration (its transaction rolls back).</param>
    /// <param name="upTo">Stop at this version (tests of an upgrade from an older schema); default <see cref="Version"/>.</param>
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, string describedAs, CancellationToken ct, int? upTo = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand("""
            SELECT pg_advisory_xact_lock(@lock);
            CREATE TABLE IF NOT EXISTS journal_schema (
                version    integer PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """, connection, tx))
        {
            command.Parameters.AddWithValue("lock", MigrationLock);
            await command.ExecuteNonQueryAsync(ct);
        }
        int found;
        await using (var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM journal_schema", connection, tx))
        {
            found = (int)(await read.ExecuteScalarAsync(ct))!;
        }
        if (found > Version)
        {
            throw new JournalTooNewException(describedAs, found, Version);
        }
        for (var version = found + 1; version <= (upTo ?? Version); version++)
        {
            await using var migrate = new NpgsqlCommand(Migrations[version - 1], connection, tx);
            await migrate.ExecuteNonQueryAsync(ct);
            await using var record = new NpgsqlCommand("INSERT INTO journal_schema (version) VALUES (@v)", connection, tx);
            record.Parameters.AddWithValue("v", version);
            await record.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
    }
}
