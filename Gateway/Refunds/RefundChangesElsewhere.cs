using Gateway.Operations;

namespace Gateway.Refunds;

/// <summary>
/// Several nodes on one shared journal (SPEC §14): a refund another node works wakes this node's refund long-polls
/// (GET /refunds/{id}?waitSeconds=N) as its changes arrive (<see cref="IRefundChangeFeed"/>). Without a shared journal
/// (SQLite) there is no feed and this service ends at once. With leases (<see cref="IWorkAdoption"/>) it also hands the
/// refunds of a dead node to this node's refund poller.
/// </summary>
public sealed class RefundChangesElsewhere(IEnumerable<IRefundChangeFeed> feeds, Waiters<Refund> waiters,
    IEnumerable<IWorkAdoption> adoptions, RefundProcessor processor) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (feeds.FirstOrDefault() is not { } feed)
        {
            return;
        }
        // Refunds a dead node left (its lease expired): this node's refund poller takes them over.
        var adopting = adoptions.FirstOrDefault() is { } adoption
            ? StreamLoop.ForEachAsync(adoption.ReadAdoptedRefundsAsync(stoppingToken), (refund, _) => { processor.Adopt(refund); return ValueTask.CompletedTask; }, stoppingToken)
            : Task.CompletedTask;
        await StreamLoop.ForEachAsync(feed.ReadRefundChangesAsync(stoppingToken), (refund, _) => { waiters.Announce(refund.Id, refund); return ValueTask.CompletedTask; }, stoppingToken);
        await adopting;
    }
}
