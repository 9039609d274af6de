namespace Gateway.Payments;

/// <summary>
/// The one loop that drives every pending payment: it sleeps until the earliest due poll (on the
/// TimeProvider), hands due payments to the processor with bounded concurrency, and goes on. A failing
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
        while (!stoppingToken.IsCancellationRequested)
        {
            var (due, next, changed) = processor.Scheduler.TakeDue(processor.Elapsed);
            foreach (var id in due)
            {
                await _slots.WaitAsync(stoppingToken);
                Track(RunAsync(id, stoppingToken));
            }
            if (due.Count > 0)
            {
                continue; // more may have become due while starting these
            }
            await WaitAsync(next, changed, stoppingToken);
        }
        Task[] pending;
        lock (_running)
        {
            pending = [.. _running];
        }
        await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(15), time, CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task WaitAsync(TimeSpan? next, Task changed, CancellationToken stoppingToken)
    {
        using var wakeUp = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = next is { } at ? at - processor.Elapsed : Timeout.InfiniteTimeSpan;
        if (delay != Timeout.InfiniteTimeSpan && delay <= TimeSpan.Zero)
        {
            return;
        }
        var sleep = Task.Delay(delay, time, wakeUp.Token);
        await Task.WhenAny(sleep, changed);
        wakeUp.Cancel();
        try
        {
            await sleep;
        }
        catch (OperationCanceledException)
        {
        }
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
