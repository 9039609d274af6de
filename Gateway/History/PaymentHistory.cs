using System.Threading.Channels;

namespace Gateway.History;

/// <summary>
/// The writer of each payment's append-only event list. Recorders only enqueue (no I/O on the payment's path); this
/// background service hands batches to the <see cref="IHistoryStore"/>, which collapses consecutive identical events
/// into one row (count + last time) and drops the once-only kinds already written (they are re-derived after a
/// restart, see <see cref="HistoryTail"/>). History is informational: the money's truth stays in the journal, and a
/// failed write is logged, never raised.
/// </summary>
public sealed partial class PaymentHistory : BackgroundService
{
    private const int MaxBatch = 500;

    private readonly Channel<object> _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(100_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropWrite,
    });
    private readonly IHistoryStore _store;
    private readonly IPaymentStore _payments;
    private readonly ILogger<PaymentHistory> _logger;

    public PaymentHistory(IHistoryStore store, IPaymentStore payments, ILogger<PaymentHistory> logger)
    {
        _store = store;
        _payments = payments;
        _logger = logger;
    }

    /// <summary>Transaction id → payment id, learnt from create answers and committed payments.</summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<string, string> Transactions { get; } = new(StringComparer.Ordinal);

    /// <summary>Queues the event; never blocks, never throws.</summary>
    public void Record(PaymentEvent e)
    {
        if (!_queue.Writer.TryWrite(e))
        {
            LogDropped(e.PaymentId ?? e.TransactionId);
        }
    }

    /// <summary>The payment's events, oldest first, including every event queued before this call.</summary>
    public async Task<IReadOnlyList<PaymentEventResponse>> ReadAsync(string paymentId, CancellationToken ct)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_queue.Writer.TryWrite(flushed))
        {
            // Bounded: a stuck writer must not hang the admin page; it then shows what is on disk.
            await Task.WhenAny(flushed.Task, Task.Delay(TimeSpan.FromSeconds(5), ct));
        }
        return await _store.ReadAsync(paymentId, ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<object>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }
                await CommitAsync(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: commit what is already queued, so a clean shutdown loses nothing.
            while (_queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            await CommitAsync(batch);
        }
    }

    private async Task CommitAsync(List<object> batch)
    {
        var events = new List<PaymentEvent>();
        try
        {
            foreach (var e in batch.OfType<PaymentEvent>())
            {
                var paymentId = e.PaymentId ?? (e.TransactionId is { } t ? await FindPaymentAsync(t) : null);
                // No payment of ours: a call about none (the connection check's made-up transaction).
                if (paymentId is not null)
                {
                    events.Add(e with { PaymentId = paymentId });
                }
            }
            await _store.AppendAsync(events, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Informational data: log and go on (a crashed writer would stop the host).
            LogWriteFailed(ex, events.Count);
        }
        finally
        {
            foreach (var flushed in batch.OfType<TaskCompletionSource>())
            {
                flushed.TrySetResult();
            }
        }
    }

    /// <summary>After a restart the map is empty: the journal knows which payment a transaction belongs to.</summary>
    private async Task<string?> FindPaymentAsync(string transactionId)
    {
        if (Transactions.TryGetValue(transactionId, out var known))
        {
            return known;
        }
        try
        {
            if (await _payments.FindByTransactionAsync(transactionId, CancellationToken.None) is { } id)
            {
                Transactions[transactionId] = id;
                return id;
            }
        }
        catch (Exception ex)
        {
            LogLookupFailed(ex);
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment history queue full: an event of {Payment} was dropped")]
    private partial void LogDropped(string? payment);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} payment history event(s) failed; they are lost (the journal is not affected)")]
    private partial void LogWriteFailed(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking up a transaction's payment in the journal failed")]
    private partial void LogLookupFailed(Exception ex);
}
