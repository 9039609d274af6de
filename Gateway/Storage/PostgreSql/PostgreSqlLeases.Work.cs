using Npgsql;
using static Gateway.Storage.PostgreSql.PostgreSqlDatabase;
using static Gateway.Storage.PostgreSql.PostgreSqlRows;

namespace Gateway.Storage.PostgreSql;

/// <summary>
/// The processors' side of the leases (<see cref="IWorkLeases"/>): a claim before each pass, the cashier's cancel handed
/// to the live node that works the payment (recorded in <c>cancel_requested_at</c>, then <c>NOTIFY</c>), and the
/// scheduled jobs. Each is one statement, or one short transaction, on the database's clock.
/// </summary>
public sealed partial class PostgreSqlLeases
{
    /// <summary>A row needs work: a pending payment, or one ended without a definite "not paid".</summary>
    internal const string Active = "(status = 'Pending' OR unresolved)";

    /// <summary>What the cashier can cancel (<c>PaymentLifecycle.IsCancellable</c>).</summary>
    private const string Cancellable = "(status = 'Pending' OR (unresolved AND transaction_id IS NOT NULL))";

    private const string Free = "(lease_owner IS NULL OR lease_owner = @node OR lease_until < now())";

    public Task<PaymentClaim?> ClaimPaymentAsync(string id) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var claim = Command(connection, tx, $"""
                UPDATE payments SET lease_owner = @node, lease_until = now() + @lease
                WHERE id = @id AND {Active} AND {Free}
                RETURNING {PaymentColumns}, cancel_requested_at IS NOT NULL
                """);
            Lease(claim, 0);
            claim.Parameters.AddWithValue("id", id);
            return (await ReadAllAsync(claim, ReadClaim)).FirstOrDefault();
        });

    public Task<Refund?> ClaimRefundAsync(string id) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var claim = Command(connection, tx, $"""
                UPDATE refunds SET lease_owner = @node, lease_until = now() + @lease
                WHERE id = @id AND status = 'pending' AND {Free}
                RETURNING {RefundColumns}
                """);
            Lease(claim, 0);
            claim.Parameters.AddWithValue("id", id);
            return (await ReadAllAsync(claim, ReadRefund)).FirstOrDefault();
        });

    public Task<CancelRoute> RouteCancelAsync(string paymentId) =>
        db.WriteAsync<CancelRoute>(async (connection, tx) =>
        {
            string? otherLiveOwner = null;
            long version = 0;
            await using (var find = Command(connection, tx, $"""
                SELECT CASE WHEN lease_owner <> @node AND lease_until >= now() THEN lease_owner END, version
                FROM payments WHERE id = @id AND {Cancellable} FOR UPDATE
                """))
            {
                find.Parameters.AddWithValue("id", paymentId);
                find.Parameters.AddWithValue("node", NodeId);
                await using var reader = await find.ExecuteReaderAsync(CancellationToken.None);
                if (!await reader.ReadAsync(CancellationToken.None))
                {
                    return new CancelRoute.Here();
                }
                otherLiveOwner = OptionalText(reader, 0);
                version = reader.GetInt64(1);
            }
            if (otherLiveOwner is not null)
            {
                // Not the row's version: the owner's own writes must not conflict with a request.
                await using var request = Command(connection, tx, """
                    UPDATE payments SET cancel_requested_at = COALESCE(cancel_requested_at, now()) WHERE id = @id;
                    SELECT pg_notify(@channel, @payload);
                    """);
                request.Parameters.AddWithValue("id", paymentId);
                request.Parameters.AddWithValue("channel", CancelRequestsChannel);
                request.Parameters.AddWithValue("payload", otherLiveOwner + "|" + paymentId);
                await request.ExecuteNonQueryAsync(CancellationToken.None);
                return new CancelRoute.Requested(otherLiveOwner, version);
            }
            await using var claim = Command(connection, tx, $"""
                UPDATE payments SET lease_owner = @node, lease_until = now() + @lease WHERE id = @id
                RETURNING {PaymentColumns}, cancel_requested_at IS NOT NULL
                """);
            Lease(claim, 0);
            claim.Parameters.AddWithValue("id", paymentId);
            return new CancelRoute.Claimed((await ReadAllAsync(claim, ReadClaim)).Single());
        });

    public Task ClearCancelRequestAsync(string paymentId) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var clear = Command(connection, tx,
                "UPDATE payments SET cancel_requested_at = NULL WHERE id = @id AND cancel_requested_at IS NOT NULL");
            clear.Parameters.AddWithValue("id", paymentId);
            return await clear.ExecuteNonQueryAsync(CancellationToken.None);
        });

    /// <summary>This node's payments with a cashier's cancel waiting in the row (one whose notification was missed).</summary>
    public async Task<IReadOnlyList<string>> CancelRequestsAsync() =>
        await db.ReadAsync(async connection =>
        {
            await using var find = Command(connection, null,
                $"SELECT id FROM payments WHERE lease_owner = @node AND cancel_requested_at IS NOT NULL AND {Cancellable}");
            find.Parameters.AddWithValue("node", NodeId);
            return await ReadAllAsync(find, r => r.GetString(0));
        });

    // The flag is the column after PaymentColumns: the last one.
    private static PaymentClaim ReadClaim(NpgsqlDataReader reader) => new(ReadPayment(reader), reader.GetBoolean(reader.FieldCount - 1));
}
