using Gateway.Operations;

namespace Gateway.Payments;

/// <summary>
/// The one loop that drives every pending payment: a <see cref="PollLoop"/> (shared with the refunds' poller)
/// that sleeps until the earliest due poll on the TimeProvider and hands due payments to the processor, here
/// with bounded concurrency. A failing
/// pass is logged by the processor and retried; the loop itself never stops before the host does.
/// </summary>
public sealed class StatusPoller(PaymentProcessor processor, TimeProvider time,
    ILogger<StatusPoller>? logger = null, Observability.PaymentMetricsObserver? known = null) : BackgroundService
{
    /// <summary>Polls in flight at once; the rest wait their turn (WebMoney is one server, the PC has 2 cores).</summary>
    public const int MaxConcurrentPasses = 64;

    private readonly SemaphoreSlim _slots = new(MaxConcurrentPasses, MaxConcurrentPasses);
    private readonly List<Task> _running = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await processor.ResumeAsync(stoppingToken);
        await PollLoop.RunAsync(processor.Scheduler, () => processor.Elapsed, time, async (id, ct) =>
        {
            await _slots.WaitAsync(ct);
            Track(RunAsync(id, ct));
        }, stoppingToken);
        Task[] pending;
        lock (_running)
        {
            pending = [.. _running];
        }
        await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(15), time, CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task RunAsync(string id, CancellationToken stoppingToken)
    {
        using var trace = Observability.PollTrace.Begin(id, logger, known);
        try
        {
            await processor.RunDueAsync(id, stoppingToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    private void Track(Task task)
    {
        lock (_running)
        {
            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(task);
        }
    }

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }
}
