using System.Collections.Concurrent;
using Gateway.Payments;

namespace Gateway.Observability;

/// <summary>
/// Counts payments created and completed from the committed changes, keeps the pending ones in memory for the
/// pending gauges (no journal query per scrape), and tells the current payment log scope its transaction id.
/// </summary>
public sealed class PaymentMetricsObserver : IPaymentObserver, IDisposable
{
    private readonly ConcurrentDictionary<string, Payment> _pending = new(StringComparer.Ordinal);
    // Payments WebMoney reported paid late, counted once each; rare, so never pruned.
    private readonly ConcurrentDictionary<string, byte> _latePaid = new(StringComparer.Ordinal);
    // Finals seen before the journal's pending payments were loaded: the load must not bring them back.
    private readonly ConcurrentDictionary<string, byte> _endedEarly = new(StringComparer.Ordinal);
    private readonly IDisposable _gauges;
    private volatile bool _loaded;

    public PaymentMetricsObserver(TimeProvider time)
    {
        _gauges = GatewayMetrics.ObservePending(ReadPending, time);
    }

    public ValueTask OnPaymentChangedAsync(Payment payment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        PaymentLogScope.Current?.Update(payment);
        if (!payment.IsFinal)
        {
            if (payment.Version == 1)
            {
                GatewayMetrics.RecordCreated(payment);
            }
            _pending[payment.Id] = payment;
            return ValueTask.CompletedTask;
        }
        if (_pending.TryRemove(payment.Id, out _))
        {
            GatewayMetrics.RecordCompleted(payment);
        }
        else if (!_loaded)
        {
            _endedEarly.TryAdd(payment.Id, 0);
        }
        if (payment.LatePaid && _latePaid.TryAdd(payment.Id, 0))
        {
            GatewayMetrics.RecordLatePaid(payment);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>What the poller knows of a pending payment, for the log scope of its poll.</summary>
    public Payment? FindPending(string id) => _pending.GetValueOrDefault(id);

    /// <summary>Takes in the payments that were pending when the gateway started (the poller resumes them).</summary>
    public async Task LoadPendingAsync(IPaymentStore journal, CancellationToken cancellationToken)
    {
        foreach (var entry in await journal.LoadActiveAsync(cancellationToken))
        {
            if (!entry.Payment.IsFinal && !_endedEarly.ContainsKey(entry.Payment.Id))
            {
                _pending.TryAdd(entry.Payment.Id, entry.Payment);
            }
        }
        _loaded = true;
        _endedEarly.Clear();
    }

    private (int Count, TimeSpan OldestAge) ReadPending(TimeProvider time)
    {
        var now = time.GetUtcNow();
        var oldest = TimeSpan.Zero;
        foreach (var (_, payment) in _pending)
        {
            var age = now - payment.CreatedAt;
            if (age > oldest)
            {
                oldest = age;
            }
        }
        return (_pending.Count, oldest);
    }

    public void Dispose() => _gauges.Dispose();
}

/// <summary>Loads the journal's pending payments into <see cref="PaymentMetricsObserver"/> at start.</summary>
internal sealed class PendingPaymentsLoader(PaymentMetricsObserver observer, IPaymentStore journal) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => observer.LoadPendingAsync(journal, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
