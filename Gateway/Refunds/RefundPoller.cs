namespace Gateway.Refunds;

/// <summary>
/// The loop that drives pending refunds (status polls, re-sends of unanswered RefundPayments, background checks of
/// unresolved ones): it resumes what the table holds at start, then sleeps until the earliest due step.
/// </summary>
public sealed class RefundPoller(RefundProcessor processor, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        processor.Resume();
        while (!stoppingToken.IsCancellationRequested)
        {
            var (due, next, changed) = processor.Scheduler.TakeDue(processor.Elapsed);
            // Few refunds are ever pending at once: one after another is plenty, and keeps WebMoney's load flat.
            foreach (var id in due)
            {
                await processor.RunDueAsync(id, stoppingToken);
            }
            if (due.Count > 0)
            {
                continue;
            }
            using var wakeUp = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var delay = next is { } at ? at - processor.Elapsed : Timeout.InfiniteTimeSpan;
            if (delay != Timeout.InfiniteTimeSpan && delay <= TimeSpan.Zero)
            {
                continue;
            }
            var sleep = Task.Delay(delay, time, wakeUp.Token);
            await Task.WhenAny(sleep, changed);
            await wakeUp.CancelAsync();
            await sleep.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
