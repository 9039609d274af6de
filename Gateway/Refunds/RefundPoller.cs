using Gateway.Payments;

namespace Gateway.Refunds;

/// <summary>
/// The loop that drives pending refunds (status polls, re-sends of unanswered RefundPayments, background checks of
/// unresolved ones): it resumes what the table holds at start, then runs the <see cref="PollLoop"/> it shares with
/// <see cref="StatusPoller"/>.
/// </summary>
public sealed class RefundPoller(RefundProcessor processor, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await processor.ResumeAsync(stoppingToken);
        // Few refunds are ever pending at once: one after another is plenty, and keeps WebMoney's load flat.
        await PollLoop.RunAsync(processor.Scheduler, () => processor.Elapsed, time, processor.RunDueAsync, stoppingToken);
    }
}
