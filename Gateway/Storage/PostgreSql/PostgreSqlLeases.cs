using Npgsql;
using static Gateway.Storage.PostgreSql.PostgreSqlDatabase;
using static Gateway.Storage.PostgreSql.PostgreSqlRows;

namespace Gateway.Storage.PostgreSql;

/// <summary>Gateway:NodeId and Gateway:LeaseSeconds (SPEC §14).</summary>
public sealed class NodeOptions
{
    /// <summary>This node's name in the leases it holds; default the machine name and the process id.</summary>
    public string? NodeId { get; set; }

    /// <summary>How long a lease lasts unless renewed; another node adopts the work once it has expired. Default 15.</summary>
    public double LeaseSeconds { get; set; } = 15;

    public string EffectiveNodeId => string.IsNullOrWhiteSpace(NodeId) ? $"{Environment.MachineName}:{Environment.ProcessId}" : NodeId.Trim();
}

/// <summary>
/// Leases on the journal's work (SPEC §14): each pending payment, unresolved ending, pending refund and scheduled job is
/// worked by ONE node at a time. A claim is one statement — <c>FOR UPDATE SKIP LOCKED</c> picks rows no other claim is
/// taking, and the lease is written INTO the row (owner and expiry), because a row lock alone ends at commit. Expiry
/// is on the database's clock (<c>now()</c>), so the nodes' own clocks never matter. A node killed with SIGKILL holds
/// its leases until they expire; then any other node's claim adopts the rows as they are, with their deadline, error
/// count and idempotency. A write by a node that lost its lease is refused (<see cref="PostgreSqlPaymentStore.OwnedOrUnleased"/>).
/// </summary>
/// <remarks>
/// The engines use it through the port: a start loads (claims) only what no live other node holds
/// (<see cref="PostgreSqlPaymentStore.LoadActiveAsync"/>), a create takes its lease at insert, and
/// <see cref="PostgreSqlLeaseKeeper"/> renews this node's leases and adopts expired ones; before each pass the processors
/// claim the row again (<see cref="ClaimPaymentAsync"/>, in <c>PostgreSqlLeases.Work.cs</c>) and every write of theirs is
/// conditional on owner and version (<see cref="PostgreSqlPaymentStore.TryUpdateAsync"/>).
/// </remarks>
public sealed partial class PostgreSqlLeases(PostgreSqlDatabase db, string nodeId, TimeSpan duration) : IWorkLeases
{
    public string NodeId { get; } = nodeId;

    public TimeSpan Duration { get; } = duration;

    /// <summary>Up to <paramref name="limit"/> payments that need work (pending, or ended unresolved) that no live lease holds, oldest first; now this node's.</summary>
    /// <param name="limit">At most this many.</param>
    /// <param name="othersExpiredOnly">Only rows whose other owner's lease expired (adoption), not free or own ones.</param>
    public async Task<IReadOnlyList<JournalEntry>> ClaimPaymentsAsync(int limit, bool othersExpiredOnly = false) =>
        await db.WriteAsync(async (connection, tx) =>
        {
            await using var claim = Command(connection, tx, $"""
                UPDATE payments p SET lease_owner = @node, lease_until = now() + @lease
                FROM (SELECT id FROM payments
                      WHERE {Active} AND {Claimable(othersExpiredOnly)}
                      ORDER BY created_at LIMIT @limit FOR UPDATE SKIP LOCKED) free
                WHERE p.id = free.id
                RETURNING {Qualified("p", PaymentColumns)}
                """);
            Lease(claim, limit);
            return await ReadAllAsync(claim, ReadPayment);
        });

    /// <summary>Up to <paramref name="limit"/> pending refunds no live lease holds, oldest first; now this node's.</summary>
    public async Task<IReadOnlyList<Refund>> ClaimRefundsAsync(int limit, bool othersExpiredOnly = false) =>
        await db.WriteAsync(async (connection, tx) =>
        {
            await using var claim = Command(connection, tx, $"""
                UPDATE refunds r SET lease_owner = @node, lease_until = now() + @lease
                FROM (SELECT id FROM refunds
                      WHERE status = 'pending' AND {Claimable(othersExpiredOnly)}
                      ORDER BY created_at LIMIT @limit FOR UPDATE SKIP LOCKED) free
                WHERE r.id = free.id
                RETURNING {Qualified("r", RefundColumns)}
                """);
            Lease(claim, limit);
            return await ReadAllAsync(claim, ReadRefund);
        });

    /// <summary>Extends every lease this node holds on active work by another <see cref="Duration"/>; answers how many.</summary>
    public Task<int> RenewAllAsync() => SetAllAsync("now() + @lease");

    /// <summary>
    /// Ends every lease this node holds on active work now (a graceful stop hands the work over). The owner is kept, so
    /// nothing this node still writes is refused until another node claims the row; nothing is lost if nobody does.
    /// </summary>
    public Task<int> HandOverAllAsync() => SetAllAsync("now() - interval '1 millisecond'");

    private Task<int> SetAllAsync(string leaseUntil) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var set = Command(connection, tx, $"""
                UPDATE payments SET lease_until = {leaseUntil} WHERE lease_owner = @node AND {Active};
                UPDATE refunds SET lease_until = {leaseUntil} WHERE lease_owner = @node AND status = 'pending';
                """);
            Lease(set, 0);
            return await set.ExecuteNonQueryAsync(CancellationToken.None);
        });

    /// <summary>
    /// A scheduled job (reconciliation, rechecks) runs once across the nodes: true for the one node whose call finds
    /// it due (<c>next_run_at</c> passed) and not leased by a live other node; that node's run is due again
    /// <paramref name="every"/> later.
    /// </summary>
    public Task<bool> TryStartJobAsync(string name, TimeSpan every) =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var start = Command(connection, tx, """
                INSERT INTO scheduled_jobs AS j (name, lease_owner, lease_until, next_run_at) VALUES (@name, @node, now() + @lease, now() + @every)
                ON CONFLICT (name) DO UPDATE SET lease_owner = @node, lease_until = now() + @lease, next_run_at = now() + @every
                WHERE j.next_run_at <= now() AND (j.lease_owner = @node OR j.lease_until < now())
                RETURNING name
                """);
            Lease(start, 0);
            start.Parameters.AddWithValue("name", name);
            start.Parameters.AddWithValue("every", every);
            return await start.ExecuteScalarAsync(CancellationToken.None) is not null;
        });

    private void Lease(NpgsqlCommand command, int limit)
    {
        command.Parameters.AddWithValue("node", NodeId);
        command.Parameters.AddWithValue("lease", Duration);
        command.Parameters.AddWithValue("limit", limit);
    }

    private static string Claimable(bool othersExpiredOnly) => othersExpiredOnly
        ? "(lease_owner IS NOT NULL AND lease_owner <> @node AND lease_until < now())"
        : "(lease_owner IS NULL OR lease_owner = @node OR lease_until < now())";

    private static string Qualified(string alias, string columns) =>
        string.Join(", ", columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => $"{alias}.{c}"));
}
