using Npgsql;
using static Gateway.Storage.PostgreSql.PostgreSqlDatabase;
using static Gateway.Storage.PostgreSql.PostgreSqlRows;

namespace Gateway.Storage.PostgreSql;

/// <summary>
/// The refunds on PostgreSQL (<see cref="IRefundStore"/>). A reservation locks the payment's row (<c>FOR UPDATE</c>)
/// and its Idempotency-Key (a transaction-scoped advisory lock on the key's hash) before it reads what is already
/// refunded, so concurrent refunds on any nodes are checked one after the other and never together exceed the payment.
/// </summary>
public sealed class PostgreSqlRefundStore(PostgreSqlDatabase db) : IRefundStore
{
    private const string Select = $"SELECT {RefundColumns} FROM refunds";

    public Task<ReserveResult> TryReserveAsync(RefundDraft d, CancellationToken ct) =>
        db.WriteAsync<ReserveResult>(async (connection, tx) =>
        {
            if (d.IdempotencyKey is not null)
            {
                await using var lockKey = Command(connection, tx, "SELECT pg_advisory_xact_lock(hashtextextended(@key, 25))");
                lockKey.Parameters.AddWithValue("key", d.IdempotencyKey);
                await lockKey.ExecuteNonQueryAsync(CancellationToken.None);
                await using var find = Command(connection, tx,
                    "SELECT id, request_hash FROM refunds WHERE idempotency_key = @key AND created_at >= @since ORDER BY created_at DESC LIMIT 1");
                find.Parameters.AddWithValue("key", d.IdempotencyKey);
                find.Parameters.Add(Time("since", d.Now - IPaymentStore.IdempotencyWindow));
                await using var reader = await find.ExecuteReaderAsync(CancellationToken.None);
                if (await reader.ReadAsync(CancellationToken.None))
                {
                    return reader.GetString(1) == d.RequestHash ? new ReserveResult.Replay(reader.GetString(0)) : new ReserveResult.KeyReused(reader.GetString(0));
                }
            }

            RefundablePayment? paid = null;
            await using (var payment = Command(connection, tx,
                "SELECT status, late_paid, amount, currency, transaction_id FROM payments WHERE id = @id FOR UPDATE"))
            {
                payment.Parameters.AddWithValue("id", d.PaymentId);
                await using var row = await payment.ExecuteReaderAsync(CancellationToken.None);
                if (await row.ReadAsync(CancellationToken.None))
                {
                    paid = new RefundablePayment(row.GetString(0), row.GetBoolean(1), FromKopecks(row.GetInt64(2)), row.GetString(3), OptionalText(row, 4));
                }
            }
            var reserved = Money.Zero;
            if (paid is not null)
            {
                await using var taken = Command(connection, tx, "SELECT COALESCE(SUM(amount), 0)::bigint FROM refunds WHERE payment_id = @p AND status <> 'failed'");
                taken.Parameters.AddWithValue("p", d.PaymentId);
                reserved = FromKopecks((long)(await taken.ExecuteScalarAsync(CancellationToken.None))!);
            }
            if (!RefundReservation.Accepts(d, paid, reserved, out var refund, out var refused))
            {
                return refused;
            }
            await using var insert = Command(connection, tx, $"""
                INSERT INTO refunds ({RefundColumns}, idempotency_key, request_hash, lease_owner, lease_until)
                VALUES ({RefundParameters}, @key, @hash, @node, now() + @lease)
                """);
            Bind(insert, refund);
            insert.Parameters.AddWithValue("node", db.NodeId);
            insert.Parameters.AddWithValue("lease", db.Lease);
            insert.Parameters.Add(Text("key", d.IdempotencyKey));
            insert.Parameters.AddWithValue("hash", d.RequestHash);
            await insert.ExecuteNonQueryAsync(CancellationToken.None);
            await db.NotifyRefundChangedAsync(connection, tx, refund.Id);
            return new ReserveResult.Inserted(refund);
        });

    public Task<bool> TryUpdateAsync(Refund updated, long expectedVersion, CancellationToken ct) =>
        UpdateAsync(updated, expectedVersion, "pending");

    public Task<bool> TryCorrectFailedAsync(Refund updated, long expectedVersion, CancellationToken ct) =>
        UpdateAsync(updated, expectedVersion, "failed");

    public async Task<Refund?> GetAsync(string id, CancellationToken ct) =>
        (await QueryAsync($"{Select} WHERE id = @id", ("id", id))).FirstOrDefault();

    public async Task<IReadOnlyList<Refund>> ListForPaymentAsync(string paymentId, CancellationToken ct) =>
        await QueryAsync($"{Select} WHERE payment_id = @p ORDER BY created_at, id", ("p", paymentId));

    /// <summary>The pending refunds no other node's live lease holds, claimed for this node (see the payments').</summary>
    public async Task<IReadOnlyList<Refund>> LoadActiveAsync(CancellationToken ct) =>
        await new PostgreSqlLeases(db, db.NodeId, db.Lease).ClaimRefundsAsync(int.MaxValue);

    /// <summary>Every pending refund, whoever works it, claiming nothing (the change feed's resync).</summary>
    public async Task<IReadOnlyList<Refund>> ReadActiveAsync() => await QueryAsync($"{Select} WHERE status = 'pending'");

    public async Task<IReadOnlyList<Refund>> ListAsync(bool attention, int limit, CancellationToken ct) =>
        await QueryAsync(Select + (attention ? " WHERE status = 'pending' AND unresolved" : "") + " ORDER BY created_at DESC, id DESC LIMIT @limit",
            ("limit", limit));

    public Task<IReadOnlyDictionary<string, RefundTotals>> TotalsForAsync(IReadOnlyCollection<string> paymentIds, CancellationToken ct) =>
        db.ReadAsync<IReadOnlyDictionary<string, RefundTotals>>(async connection =>
        {
            var totals = new Dictionary<string, RefundTotals>();
            if (paymentIds.Count == 0)
            {
                return totals;
            }
            await using var command = Command(connection, null, """
                SELECT payment_id,
                       COALESCE(SUM(amount) FILTER (WHERE status = 'succeeded'), 0)::bigint,
                       SUM(amount)::bigint
                FROM refunds WHERE status <> 'failed' AND payment_id = ANY(@ids) GROUP BY payment_id
                """);
            command.Parameters.AddWithValue("ids", paymentIds.ToArray());
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
            while (await reader.ReadAsync(CancellationToken.None))
            {
                totals[reader.GetString(0)] = new RefundTotals(FromKopecks(reader.GetInt64(1)), FromKopecks(reader.GetInt64(2)));
            }
            return totals;
        });

    public Task<PaymentIdentity?> IdentityOfAsync(string paymentId, CancellationToken ct) =>
        db.ReadAsync(async connection =>
        {
            await using var command = Command(connection, null, "SELECT pos_number, terminal_id FROM payments WHERE id = @id");
            command.Parameters.AddWithValue("id", paymentId);
            await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
            return await reader.ReadAsync(CancellationToken.None) ? new PaymentIdentity(OptionalText(reader, 0), reader.GetString(1)) : null;
        });

    public async Task<IReadOnlyList<Refund>> ListNotSucceededMadeBetweenAsync(DateTimeOffset from, DateTimeOffset to, bool sandbox, CancellationToken ct) =>
        await QueryAsync($"""
            {Select} WHERE created_at >= @from AND created_at < @to AND status <> 'succeeded'
              AND payment_id IN (SELECT id FROM payments WHERE sandbox = @sandbox)
            ORDER BY created_at, id
            """, ("from", Time("from", from)), ("to", Time("to", to)), ("sandbox", sandbox));

    /// <summary>
    /// Version-checked; a pending refund only by the node whose lease it is (SPEC §14: a node that lost the lease writes
    /// nothing); a failed one (reconciliation's correction) by any node.
    /// </summary>
    private Task<bool> UpdateAsync(Refund updated, long expectedVersion, string fromStatus) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var command = Command(connection, tx, """
                UPDATE refunds SET status = @status, refund_transaction_id = @refund_transaction_id, completed_at = @completed_at,
                    error_code = @error_code, error_message = @error_message, unresolved = @unresolved, version = @version,
                    technical_errors = @technical_errors, checks = @checks, next_check_at = @next_check_at,
                    may_have_arrived = @may_have_arrived
                WHERE id = @id AND version = @expected AND status = @from_status
                  AND (lease_owner IS NULL OR lease_owner = @node OR status <> 'pending')
                """);
            Bind(command, updated);
            command.Parameters.AddWithValue("expected", expectedVersion);
            command.Parameters.AddWithValue("node", db.NodeId);
            command.Parameters.AddWithValue("from_status", fromStatus);
            if (await command.ExecuteNonQueryAsync(CancellationToken.None) != 1)
            {
                return false;
            }
            await db.NotifyRefundChangedAsync(connection, tx, updated.Id);
            return true;
        });

    /// <summary>A parameter given as an <see cref="NpgsqlParameter"/> is added as it is (times); any other value by name.</summary>
    private Task<List<Refund>> QueryAsync(string sql, params (string Name, object Value)[] parameters) =>
        db.ReadAsync(async connection =>
        {
            await using var command = Command(connection, null, sql);
            foreach (var (name, value) in parameters)
            {
                if (value is NpgsqlParameter parameter)
                {
                    command.Parameters.Add(parameter);
                }
                else
                {
                    command.Parameters.AddWithValue(name, value);
                }
            }
            return await ReadAllAsync(command, ReadRefund);
        });
}
