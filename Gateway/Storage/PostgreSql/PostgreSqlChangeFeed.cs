using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Npgsql;

namespace Gateway.Storage.PostgreSql;

/// <summary>
/// Nodes tell each other of committed payment changes (SPEC §14) through PostgreSQL's <c>LISTEN/NOTIFY</c>: every
/// write of the PostgreSQL payment store notifies <see cref="PostgreSqlDatabase.ChangesChannel"/> in its transaction
/// (delivered on commit). This service listens on a connection of its own (not pooled, TCP keepalive on) with
/// Npgsql's <c>WaitAsync</c> and hands each payment another node changed, read back from the database, to
/// <see cref="ReadChangesAsync"/>, which this node's consumer passes on to its long-polls and display.
/// After a lost connection it reconnects and hands over what may have changed meanwhile (every active payment, and
/// every payment of another node last seen pending), so the displays re-send their snapshots.
/// </summary>
public sealed partial class PostgreSqlChangeFeed(
    PostgreSqlDatabase db,
    PostgreSqlPaymentStore store,
    PostgreSqlRefundStore refunds,
    TimeProvider time,
    PostgreSqlCancelRequests cancelRequests,
    ILogger<PostgreSqlChangeFeed> logger) : BackgroundService, IPaymentChangeFeed, IRefundChangeFeed
{
    private readonly Channel<string> _refundsChanged = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private static readonly TimeSpan Backoff = TimeSpan.FromSeconds(1);
    private readonly Channel<string> _changed = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    // Payments of other nodes last seen pending (written by the announcer, read by a resync).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _remotePending = new(StringComparer.Ordinal);

    /// <summary>Set while LISTEN is in place (tests wait for it before they change anything).</summary>
    public bool Listening { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(db.ListenerConnectionString);
                connection.Notification += OnNotification;
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand(
                    $"LISTEN {PostgreSqlDatabase.ChangesChannel}; LISTEN {PostgreSqlDatabase.RefundChangesChannel}; LISTEN {PostgreSqlDatabase.CancelRequestsChannel}",
                    connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                Listening = true;
                if (!first)
                {
                    LogReconnected(logger, db.Description);
                    await ResyncAsync();
                }
                first = false;
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
            {
                Listening = false;
                first = false;
                LogLost(logger, db.Description, ex.Message);
                try
                {
                    await Task.Delay(Backoff, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        Listening = false;
        _changed.Writer.TryComplete();
        _refundsChanged.Writer.TryComplete();
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        var split = e.Payload.LastIndexOf('|');
        if (e.Channel == PostgreSqlDatabase.CancelRequestsChannel)
        {
            // Addressed to the node that works the payment: this one's are carried out here.
            if (split > 0 && e.Payload[..split] == db.NodeId)
            {
                cancelRequests.Add(e.Payload[(split + 1)..]);
            }
            return;
        }
        if (split > 0 && e.Payload[..split] != db.NodeId)
        {
            (e.Channel == PostgreSqlDatabase.RefundChangesChannel ? _refundsChanged : _changed).Writer.TryWrite(e.Payload[(split + 1)..]);
        }
    }

    /// <summary>After a reconnect: what may have changed while no notification could arrive.</summary>
    private async Task ResyncAsync()
    {
        try
        {
            foreach (var entry in await store.ReadActiveAsync())
            {
                _changed.Writer.TryWrite(entry.Payment.Id);
            }
            foreach (var id in _remotePending.Keys)
            {
                _changed.Writer.TryWrite(id);
            }
            foreach (var refund in await refunds.ReadActiveAsync())
            {
                _refundsChanged.Writer.TryWrite(refund.Id);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogLost(logger, db.Description, ex.Message);
        }
    }

    /// <summary>One reader (the node's one consumer); each id read back as stored now.</summary>
    public async IAsyncEnumerable<Payment> ReadChangesAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var id in _changed.Reader.ReadAllAsync(ct))
        {
            JournalEntry? entry;
            try
            {
                entry = await store.ReloadAsync(id, CancellationToken.None);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                // The reconnect's resync hands it over again.
                _remotePending[id] = true;
                LogLost(logger, db.Description, ex.Message);
                continue;
            }
            if (entry is null)
            {
                continue;
            }
            if (entry.Payment.IsFinal)
            {
                _remotePending.TryRemove(id, out _);
            }
            else
            {
                _remotePending[id] = true;
            }
            yield return entry.Payment;
        }
    }

    /// <summary>One reader (the refunds' consumer); each id read back as stored now.</summary>
    public async IAsyncEnumerable<Refund> ReadRefundChangesAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var id in _refundsChanged.Reader.ReadAllAsync(ct))
        {
            Refund? refund;
            try
            {
                refund = await refunds.GetAsync(id, CancellationToken.None);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                LogLost(logger, db.Description, ex.Message);
                continue;
            }
            if (refund is not null)
            {
                yield return refund;
            }
        }
    }

    [LoggerMessage(EventId = 1212, Level = LogLevel.Warning,
        Message = "Journal: the change feed of {Database} was cut ({Error}); reconnecting.")]
    private static partial void LogLost(ILogger logger, string database, string error);

    [LoggerMessage(EventId = 1213, Level = LogLevel.Information,
        Message = "Journal: the change feed of {Database} is back; what changed meanwhile is announced again.")]
    private static partial void LogReconnected(ILogger logger, string database);
}
