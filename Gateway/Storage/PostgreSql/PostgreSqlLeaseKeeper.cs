using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Npgsql;

namespace Gateway.Storage.PostgreSql;

/// <summary>
/// Keeps this node's leases and adopts the work of dead nodes (SPEC §14). Every third of Gateway:LeaseSeconds it renews
/// the lease of every active payment and pending refund this node holds, then claims those whose lease expired (their
/// node stopped renewing: killed, paused, cut off) and hands them to <see cref="IWorkAdoption"/>'s readers, this node's
/// engines. When another node's lease runs out before the next pass, the keeper wakes just after it instead, so a killed
/// node's work is adopted within LeaseSeconds of its last renewal (SPEC §14: LeaseSeconds + one poll), not a third
/// later. Expiry is the database's clock.
/// Each tick also looks for cashiers' cancels recorded for this node whose notification it missed (a cut listener).
/// A node that stops gracefully (an update, a service restart) hands its work over: its leases end at once, so the
/// other nodes adopt it on their next pass instead of a whole lease later.
/// </summary>
public sealed partial class PostgreSqlLeaseKeeper(PostgreSqlDatabase db, PostgreSqlLeases leases, PostgreSqlCancelRequests cancelRequests,
    TimeProvider time, ILogger<PostgreSqlLeaseKeeper> logger) : BackgroundService, IWorkAdoption
{
    private readonly Channel<JournalEntry> _payments = Channel.CreateUnbounded<JournalEntry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<Refund> _refunds = Channel.CreateUnbounded<Refund>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = db.Lease / 3;
        var next = every;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(next, time, stoppingToken);
                next = every;
                await leases.RenewAllAsync();
                foreach (var entry in await ClaimExpiredPaymentsAsync())
                {
                    LogAdopted(logger, "payment", entry.Payment.Id);
                    _payments.Writer.TryWrite(entry);
                }
                foreach (var refund in await ClaimExpiredRefundsAsync())
                {
                    LogAdopted(logger, "refund", refund.Id);
                    _refunds.Writer.TryWrite(refund);
                }
                foreach (var id in await leases.CancelRequestsAsync())
                {
                    cancelRequests.Add(id);
                }
                next = NextPass(every, await SecondsToNextForeignExpiryAsync());
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                LogFailed(logger, db.Description, ex.Message);
            }
        }
        _payments.Writer.TryComplete();
        _refunds.Writer.TryComplete();
    }

    /// <summary>
    /// Stops renewing, then ends this node's leases now (<see cref="PostgreSqlLeases.HandOverAllAsync"/>). The keeper is registered with the
    /// journal, before the pollers, so the host stops it after them: no pass of this node is left to renew a lease.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            LogHandedOver(logger, await leases.HandOverAllAsync());
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogFailed(logger, db.Description, ex.Message); // the leases then simply run out
        }
    }

    public IAsyncEnumerable<JournalEntry> ReadAdoptedPaymentsAsync(CancellationToken ct) => _payments.Reader.ReadAllAsync(ct);

    public IAsyncEnumerable<Refund> ReadAdoptedRefundsAsync(CancellationToken ct) => _refunds.Reader.ReadAllAsync(ct);

    public IAsyncEnumerable<string> ReadCancelRequestsAsync(CancellationToken ct) => cancelRequests.ReadAllAsync(ct);

    /// <summary>
    /// The regular pass (a third of the lease), or just after another node's lease runs out if that comes sooner; never
    /// sooner than a thirtieth of the lease (a lease seen expired but not yet claimable — another node claiming it at
    /// that moment — does not make the keeper spin).
    /// </summary>
    internal static TimeSpan NextPass(TimeSpan every, double? secondsToNextForeignExpiry)
    {
        if (secondsToNextForeignExpiry is not { } seconds)
        {
            return every;
        }
        var atExpiry = TimeSpan.FromSeconds(Math.Max(0, seconds)) + ExpiryMargin;
        var floor = every / 10;
        return atExpiry < floor ? floor : atExpiry > every ? every : atExpiry;
    }

    /// <summary>A claim takes leases with <c>lease_until &lt; now()</c>: waking this much after the expiry finds it expired.</summary>
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromMilliseconds(50);

    /// <summary>Seconds (the database's clock) until the earliest lease another node holds on active work runs out; null: none.</summary>
    private Task<double?> SecondsToNextForeignExpiryAsync() =>
        db.ReadAsync(async connection =>
        {
            await using var query = PostgreSqlDatabase.Command(connection, null, $"""
                SELECT EXTRACT(EPOCH FROM LEAST(
                    (SELECT min(lease_until) FROM payments WHERE {PostgreSqlLeases.Active} AND lease_owner <> @node),
                    (SELECT min(lease_until) FROM refunds WHERE status = 'pending' AND lease_owner <> @node)) - now())::float8
                """);
            query.Parameters.AddWithValue("node", db.NodeId);
            return await query.ExecuteScalarAsync(CancellationToken.None) is double seconds ? seconds : (double?)null;
        });

    // Only other nodes' expired leases: this node's own rows are already scheduled here.
    private async Task<IReadOnlyList<JournalEntry>> ClaimExpiredPaymentsAsync() =>
        (await leases.ClaimPaymentsAsync(int.MaxValue, othersExpiredOnly: true));

    private async Task<IReadOnlyList<Refund>> ClaimExpiredRefundsAsync() =>
        (await leases.ClaimRefundsAsync(int.MaxValue, othersExpiredOnly: true));

    [LoggerMessage(EventId = 1214, Level = LogLevel.Warning, Message = "Lease: this node adopts {Kind} {Id}, whose node stopped renewing its lease.")]
    private static partial void LogAdopted(ILogger logger, string kind, string id);

    [LoggerMessage(EventId = 1216, Level = LogLevel.Information, Message = "Lease: this node stops and hands its work over ({Count} leases ended now; other nodes adopt them).")]
    private static partial void LogHandedOver(ILogger logger, int count);

    [LoggerMessage(EventId = 1215, Level = LogLevel.Warning, Message = "Lease: renewing or adopting on {Database} failed ({Error}); tried again shortly.")]
    private static partial void LogFailed(ILogger logger, string database, string error);
}

/// <summary>
/// Cashiers' cancels another node recorded for a payment this node works (SPEC §14): from the change feed's
/// <see cref="PostgreSqlDatabase.CancelRequestsChannel"/> at once, and from the lease keeper's tick should a notification
/// have been missed. The processor carries each out once (a second hand-over of one already in hand is ignored there).
/// </summary>
public sealed class PostgreSqlCancelRequests
{
    private readonly Channel<string> _ids = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public void Add(string paymentId) => _ids.Writer.TryWrite(paymentId);

    public IAsyncEnumerable<string> ReadAllAsync(CancellationToken ct) => _ids.Reader.ReadAllAsync(ct);
}
