namespace Gateway.Operations;

/// <summary>
/// The wait-and-dispatch loop over a <see cref="PollScheduler"/> that <see cref="Payments.StatusPoller"/> (payments) and
/// <see cref="Refunds.RefundPoller"/> (refunds) share: take what is due, hand each id over, and when nothing is due
/// sleep on the <see cref="TimeProvider"/> until the earliest due time or until something is scheduled earlier.
/// The pollers differ only in how they hand an id over (bounded concurrency, or one after another).
/// </summary>
public static class PollLoop
{
    /// <param name="scheduler">The queue of due ids.</param>
    /// <param name="elapsed">The owner's monotonic clock, the one its due times are on.</param>
    /// <param name="time">Sleeps run on it, so tests drive the loop with a fake clock.</param>
    /// <param name="dispatch">Called for each due id; may return before the pass ends (it then owns the pass).</param>
    /// <param name="stoppingToken">Ends the loop.</param>
    public static async Task RunAsync(PollScheduler scheduler, Func<TimeSpan> elapsed, TimeProvider time,
        Func<string, CancellationToken, Task> dispatch, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var (due, next, changed) = scheduler.TakeDue(elapsed());
            foreach (var id in due)
            {
                await dispatch(id, stoppingToken);
            }
            if (due.Count > 0)
            {
                continue; // more may have become due while handing these over
            }
            await SleepAsync(next is { } at ? at - elapsed() : Timeout.InfiniteTimeSpan, changed, time, stoppingToken);
        }
    }

    /// <summary>Until <paramref name="delay"/> has passed, <paramref name="changed"/> fires (an earlier due time) or the host stops.</summary>
    private static async Task SleepAsync(TimeSpan delay, Task changed, TimeProvider time, CancellationToken stoppingToken)
    {
        if (delay != Timeout.InfiniteTimeSpan && delay <= TimeSpan.Zero)
        {
            return;
        }
        using var wakeUp = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var sleep = Task.Delay(delay, time, wakeUp.Token);
        await Task.WhenAny(sleep, changed);
        await wakeUp.CancelAsync();
        try
        {
            await sleep;
        }
        catch (OperationCanceledException)
        {
            // woken early: the loop looks at the queue again
        }
    }
}
