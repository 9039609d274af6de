using Npgsql;
using static Gateway.Storage.PostgreSql.PostgreSqlDatabase;
using static Gateway.Storage.PostgreSql.PostgreSqlRows;

namespace Gateway.Storage.PostgreSql;

/// <summary>
/// The payments and their Idempotency-Keys on PostgreSQL (<see cref="IPaymentStore"/>). No read cache: another node
/// may have changed any row, so every read asks the database. A create's checks and insert are one transaction, and
/// the database's constraints (one pending payment per terminal, each key once) settle a race between nodes: the
/// loser's transaction runs again and answers what the winner committed.
/// </summary>
public sealed class PostgreSqlPaymentStore(PostgreSqlDatabase db) : IPaymentStore
{
    private const string Select = $"SELECT {PaymentColumns} FROM payments";

    /// <summary>
    /// A row that needs work is written only by the node whose lease it is (SPEC §14): a node that was paused or cut off
    /// past its lease, and whose payment another node adopted, writes nothing. A row nobody leases stays writable.
    /// </summary>
    internal const string OwnedOrUnleased = $"(lease_owner IS NULL OR lease_owner = @node OR NOT {PostgreSqlLeases.Active})";

    public Task<CreateResult> TryBeginCreateAsync(JournalEntry entry, string? idempotencyKey, string requestHash, CancellationToken ct) =>
        db.WriteAsync<CreateResult>(async (connection, tx) =>
        {
            var now = entry.Payment.CreatedAt;
            if (idempotencyKey is not null)
            {
                await using var find = Command(connection, tx, "SELECT request_hash, payment_id, created_at FROM idempotency WHERE key = @key");
                find.Parameters.AddWithValue("key", idempotencyKey);
                await using var reader = await find.ExecuteReaderAsync(CancellationToken.None);
                if (await reader.ReadAsync(CancellationToken.None) && now - ReadTime(reader, 2) < IPaymentStore.IdempotencyWindow)
                {
                    return reader.GetString(0) == requestHash
                        ? new CreateResult.Replayed(reader.GetString(1))
                        : new CreateResult.KeyReused(reader.GetString(1));
                }
            }

            await using (var busy = Command(connection, tx, "SELECT id FROM payments WHERE terminal_id = @t AND status = 'Pending' LIMIT 1"))
            {
                busy.Parameters.AddWithValue("t", entry.Payment.TerminalId);
                if (await busy.ExecuteScalarAsync(CancellationToken.None) is string pendingId)
                {
                    return new CreateResult.TerminalBusy(pendingId);
                }
            }

            // The creating node works it (SPEC §14): its lease from the start, on the database's clock.
            await using (var insert = Command(connection, tx,
                $"INSERT INTO payments ({PaymentColumns}, lease_owner, lease_until) VALUES ({PaymentParameters}, @node, now() + @lease)"))
            {
                Bind(insert, entry);
                insert.Parameters.AddWithValue("node", db.NodeId);
                insert.Parameters.AddWithValue("lease", db.Lease);
                await insert.ExecuteNonQueryAsync(CancellationToken.None);
            }

            if (idempotencyKey is not null)
            {
                // A key older than the window is taken over; a younger one inserted meanwhile by another node is a
                // unique violation, and the transaction runs again to answer it.
                await using var remember = Command(connection, tx, """
                    INSERT INTO idempotency (key, request_hash, payment_id, created_at) VALUES (@key, @hash, @id, @at)
                    ON CONFLICT (key) DO UPDATE SET request_hash = EXCLUDED.request_hash, payment_id = EXCLUDED.payment_id,
                        created_at = EXCLUDED.created_at
                    WHERE idempotency.created_at <= @before
                    """);
                remember.Parameters.AddWithValue("key", idempotencyKey);
                remember.Parameters.AddWithValue("hash", requestHash);
                remember.Parameters.AddWithValue("id", entry.Payment.Id);
                remember.Parameters.Add(Time("at", now));
                remember.Parameters.Add(Time("before", now - IPaymentStore.IdempotencyWindow));
                if (await remember.ExecuteNonQueryAsync(CancellationToken.None) == 0)
                {
                    throw new PostgresException("The Idempotency-Key was taken meanwhile.", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation);
                }
            }
            await db.NotifyChangedAsync(connection, tx, entry.Payment.Id);
            return new CreateResult.Created(entry.Payment);
        });

    /// <summary>Version-checked, and owner-checked for a row under a lease (<see cref="OwnedOrUnleased"/>).</summary>
    public Task<bool> TryUpdateAsync(JournalEntry updated, long expectedVersion, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var command = Command(connection, tx, $"""
                UPDATE payments SET {PaymentAssignments}
                WHERE id = @id AND version = @expected AND (status = 'Pending' OR status = @status) AND {OwnedOrUnleased}
                """);
            Bind(command, updated);
            command.Parameters.AddWithValue("expected", expectedVersion);
            command.Parameters.AddWithValue("node", db.NodeId);
            if (await command.ExecuteNonQueryAsync(CancellationToken.None) != 1)
            {
                return false;
            }
            await db.NotifyChangedAsync(connection, tx, updated.Payment.Id);
            return true;
        });

    public Task<JournalEntry?> MarkLatePaidAsync(string paymentId, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var update = Command(connection, tx, $"""
                UPDATE payments SET late_paid = true, unresolved = false, next_recheck_at = NULL, version = version + 1
                WHERE id = @id AND status NOT IN ('Pending', 'Paid') AND NOT late_paid
                RETURNING {PaymentColumns}
                """);
            update.Parameters.AddWithValue("id", paymentId);
            var marked = (await ReadAllAsync(update, ReadPayment)).FirstOrDefault();
            if (marked is not null)
            {
                await db.NotifyChangedAsync(connection, tx, paymentId);
            }
            return marked;
        });

    public Task<JournalEntry?> GetAsync(string id, CancellationToken ct) => ReloadAsync(id, ct);

    public async Task<JournalEntry?> ReloadAsync(string id, CancellationToken ct) =>
        (await QueryAsync($"{Select} WHERE id = @id", ("id", id))).FirstOrDefault();

    public async Task<JournalEntry?> GetLatestForTerminalAsync(string terminalId, CancellationToken ct) =>
        (await QueryAsync($"""
            {Select} WHERE terminal_id = @t
            ORDER BY (status = 'Pending') DESC, created_at DESC, id DESC LIMIT 1
            """, ("t", terminalId))).FirstOrDefault();

    public Task<string?> FindByTransactionAsync(string transactionId, CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            await using var command = Command(connection, null, "SELECT id FROM payments WHERE transaction_id = @t LIMIT 1");
            command.Parameters.AddWithValue("t", transactionId);
            return await command.ExecuteScalarAsync(CancellationToken.None) as string;
        });

    /// <summary>
    /// What this node is to work after its start: the active payments no other node's live lease holds, claimed for this
    /// node in one statement (<see cref="PostgreSqlLeases"/>); another node's work stays with it.
    /// </summary>
    public async Task<IReadOnlyList<JournalEntry>> LoadActiveAsync(CancellationToken ct) =>
        await new PostgreSqlLeases(db, db.NodeId, db.Lease).ClaimPaymentsAsync(int.MaxValue);

    /// <summary>Every active payment, whoever works it, claiming nothing (the change feed's resync).</summary>
    public async Task<IReadOnlyList<JournalEntry>> ReadActiveAsync() =>
        await QueryAsync($"{Select} WHERE {PostgreSqlLeases.Active}");

    public Task<JournalPage> ListAsync(JournalQuery query, CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            await using var command = Command(connection, null, "");
            var where = new List<string>();
            if (query.Status is { } status)
            {
                where.Add("status = @status");
                command.Parameters.AddWithValue("status", status.ToString());
            }
            if (query.TerminalId is { } terminal)
            {
                where.Add("terminal_id = @terminal");
                command.Parameters.AddWithValue("terminal", terminal);
            }
            if (query.From is { } from)
            {
                where.Add("created_at >= @from");
                command.Parameters.Add(Time("from", from));
            }
            if (query.To is { } to)
            {
                where.Add("created_at < @to");
                command.Parameters.Add(Time("to", to));
            }
            if (query.PaymentSystem is { } system)
            {
                where.Add("payment_system = @system");
                command.Parameters.AddWithValue("system", system.ToString());
            }
            if (query.Attention)
            {
                where.Add("(late_paid OR (status <> 'Pending' AND unresolved))");
            }
            if (query.After is { } after)
            {
                where.Add("(created_at < @afterAt OR (created_at = @afterAt AND id < @afterId))");
                command.Parameters.Add(Time("afterAt", after.CreatedAt));
                command.Parameters.AddWithValue("afterId", after.Id);
            }
            command.CommandText = Select
                + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")
                + " ORDER BY created_at DESC, id DESC LIMIT @limit";
            command.Parameters.AddWithValue("limit", query.Limit + 1);
            var rows = await ReadAllAsync(command, ReadPayment);
            var items = rows.Take(query.Limit).Select(e => e.Payment).ToList();
            return new JournalPage(items, rows.Count > query.Limit ? items[^1] : null);
        });

    public Task<(string PaymentId, string RequestHash)?> FindIdempotencyAsync(string key, DateTimeOffset now, CancellationToken ct) =>
        db.ReadAsync<(string, string)?>(async connection =>
        {
            await using var command = Command(connection, null, "SELECT payment_id, request_hash, created_at FROM idempotency WHERE key = @key");
            command.Parameters.AddWithValue("key", key);
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
            return await reader.ReadAsync(CancellationToken.None) && now - ReadTime(reader, 2) < IPaymentStore.IdempotencyWindow
                ? (reader.GetString(0), reader.GetString(1))
                : null;
        });

    public Task PruneIdempotencyAsync(DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var command = Command(connection, tx, "DELETE FROM idempotency WHERE created_at < @before");
            command.Parameters.Add(Time("before", now - IPaymentStore.IdempotencyWindow));
            return await command.ExecuteNonQueryAsync(CancellationToken.None);
        });

    private Task<List<JournalEntry>> QueryAsync(string sql, params (string Name, object Value)[] parameters) =>
        db.ReadAsync(async connection =>
        {
            await using var command = Command(connection, null, sql);
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }
            return await ReadAllAsync(command, ReadPayment);
        });
}
