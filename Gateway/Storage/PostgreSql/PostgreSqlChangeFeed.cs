using System.Threading.Channels;
using Gateway.Display;
using Gateway.Payments;
using Npgsql;

namespace Gateway.Storage.PostgreSql;

/// <summary>
/// Nodes tell each other of committed payment changes (SPEC §14) through PostgreSQL's <c>LISTEN/NOTIFY</c>: every
/// write of the PostgreSQL payment store notifies <see cref="PostgreSqlDatabase.ChangesChannel"/> in its transaction
/// (delivered on commit). This service listens on a connection of its own (not pooled, TCP keepalive on) with
/// Npgsql's <c>WaitAsync</c>, reads the changed payment of another node back from the database and tells this node's
/// long-polls and customer display, so a till long-polling one node, or a display connected to it, sees a payment
/// another node works. History and metrics are the working node's own and are not told twice. After a lost
/// connection it reconnects and re-announces what may have changed meanwhile (every active payment, and every
/// payment of another node it announced as pending), so the displays re-send their snapshots.
/// </summary>
public sealed partial class PostgreSqlChangeFeed(
    PostgreSqlDatabase db,
    IPaymentStore store,
    IEnumerable<IPaymentObserver> observers,
    TimeProvider time,
    ILogger<PostgreSqlChangeFeed> logger) : BackgroundService
{
    private static readonly TimeSpan Backoff = TimeSpan.FromSeconds(1);
    // Only those that show a state: long-polls and the display (history and metrics belong to the node that worked it).
    private readonly IPaymentObserver[] _observers = [.. observers.Where(o => o is PaymentLongPolls or DisplayBridge)];
    private readonly Channel<string> _changed = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    // Payments of other nodes last seen pending (written by the announcer, read by a resync).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _remotePending = new(StringComparer.Ordinal);

    /// <summary>Set while LISTEN is in place (tests wait for it before they change anything).</summary>
    public bool Listening { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var announcing = AnnounceLoopAsync(stoppingToken);
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(db.ListenerConnectionString);
                connection.Notification += OnNotification;
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgreSqlDatabase.ChangesChannel}", connection))
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
        await announcing;
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        var split = e.Payload.LastIndexOf('|');
        if (split > 0 && e.Payload[..split] != db.NodeId)
        {
            _changed.Writer.TryWrite(e.Payload[(split + 1)..]);
        }
    }

    /// <summary>After a reconnect: what may have changed while no notification could arrive.</summary>
    private async Task ResyncAsync()
    {
        try
        {
            foreach (var entry in await store.LoadActiveAsync(CancellationToken.None))
            {
                _changed.Writer.TryWrite(entry.Payment.Id);
            }
            foreach (var id in _remotePending.Keys)
            {
                _changed.Writer.TryWrite(id);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            LogLost(logger, db.Description, ex.Message);
        }
    }

    private async Task AnnounceLoopAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in _changed.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                if (await store.ReloadAsync(id, CancellationToken.None) is not { } entry)
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
                foreach (var observer in _observers)
                {
                    await observer.OnPaymentChangedAsync(entry.Payment, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
            {
                // The reconnect's resync announces it again.
                _remotePending[id] = true;
                LogLost(logger, db.Description, ex.Message);
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
