using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Npgsql;

namespace Gateway.Storage.PostgreSql;

/// <summary>
/// Keeps this node's leases and adopts the work of dead nodes (SPEC §14). Every third of Gateway:LeaseSeconds it renews
/// the lease of every active payment and pending refund this node holds, then claims those whose lease expired (their
/// node stopped renewing: killed, paused, cut off) and hands them to <see cref="IWorkAdoption"/>'s readers, this node's
/// engines. A killed node's work is therefore adopted within LeaseSeconds plus a third. Expiry is the database's clock.
/// Each tick also looks for cashiers' cancels recorded for this node whose notification it missed (a cut listener).
/// </summary>
public sealed partial class PostgreSqlLeaseKeeper(PostgreSqlDatabase db, PostgreSqlLeases leases, PostgreSqlCancelRequests cancelRequests,
    TimeProvider time, ILogger<PostgreSqlLeaseKeeper> logger) : BackgroundService, IWorkAdoption
{
    private readonly Channel<JournalEntry> _payments = Channel.CreateUnbounded<JournalEntry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<Refund> _refunds = Channel.CreateUnbounded<Refund>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = db.Lease / 3;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, time, stoppingToken);
                await RenewAsync();
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

    public IAsyncEnumerable<JournalEntry> ReadAdoptedPaymentsAsync(CancellationToken ct) => _payments.Reader.ReadAllAsync(ct);

    public IAsyncEnumerable<Refund> ReadAdoptedRefundsAsync(CancellationToken ct) => _refunds.Reader.ReadAllAsync(ct);

    public IAsyncEnumerable<string> ReadCancelRequestsAsync(CancellationToken ct) => cancelRequests.ReadAllAsync(ct);

    private Task<int> RenewAsync() =>
        db.WriteAsync(async (connection, tx) =>
        {
            await using var renew = PostgreSqlDatabase.Command(connection, tx, """
                UPDATE payments SET lease_until = now() + @lease WHERE lease_owner = @node AND (status = 'Pending' OR unresolved);
                UPDATE refunds SET lease_until = now() + @lease WHERE lease_owner = @node AND status = 'pending';
                """);
            renew.Parameters.AddWithValue("node", db.NodeId);
            renew.Parameters.AddWithValue("lease", db.Lease);
            return await renew.ExecuteNonQueryAsync(CancellationToken.None);
        });

    // Only other nodes' expired leases: this node's own rows are already scheduled here.
    private async Task<IReadOnlyList<JournalEntry>> ClaimExpiredPaymentsAsync() =>
        (await leases.ClaimPaymentsAsync(int.MaxValue, othersExpiredOnly: true));

    private async Task<IReadOnlyList<Refund>> ClaimExpiredRefundsAsync() =>
        (await leases.ClaimRefundsAsync(int.MaxValue, othersExpiredOnly: true));

    [LoggerMessage(EventId = 1214, Level = LogLevel.Warning, Message = "Lease: this node adopts {Kind} {Id}, whose node stopped renewing its lease.")]
    private static partial void LogAdopted(ILogger logger, string kind, string id);

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
