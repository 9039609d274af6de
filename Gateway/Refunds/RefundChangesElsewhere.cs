using Gateway.Operations;

namespace Gateway.Refunds;

/// <summary>
/// Several nodes on one shared journal (SPEC §14): a refund another node works wakes this node's refund long-polls
/// (GET /refunds/{id}?waitSeconds=N) as its changes arrive (<see cref="IRefundChangeFeed"/>). Without a shared journal
/// (SQLite) there is no feed and this service ends at once.
/// </summary>
public sealed class RefundChangesElsewhere(IEnumerable<IRefundChangeFeed> feeds, Waiters<Refund> waiters) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (feeds.FirstOrDefault() is not { } feed)
        {
            return;
        }
        try
        {
            await foreach (var refund in feed.ReadRefundChangesAsync(stoppingToken))
            {
                waiters.Announce(refund.Id, refund);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
