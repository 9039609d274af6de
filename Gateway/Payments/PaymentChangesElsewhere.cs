using Gateway.Operations;

namespace Gateway.Payments;

/// <summary>
/// Several nodes on one shared journal (SPEC §14): a payment another node works is announced here as its changes
/// arrive (<see cref="IPaymentChangeFeed"/>), so a till long-polling this node, or a customer display connected to it,
/// sees it. Only the observers that show a state are told — the long-polls and the display; history and metrics are
/// the working node's own and must not count a change twice. Without a shared journal (SQLite) there is no feed and
/// this service ends at once. With leases (<see cref="IWorkAdoption"/>) it also hands the payments of a dead node to
/// this node's poller, and the cashiers' cancels another node handed over to this node's processor.
/// </summary>
public sealed class PaymentChangesElsewhere(IEnumerable<IPaymentChangeFeed> feeds, IEnumerable<IPaymentObserver> observers,
    IEnumerable<IWorkAdoption> adoptions, PaymentProcessor processor) : BackgroundService
{
    private readonly IPaymentObserver[] _observers = [.. observers.Where(o => o is PaymentLongPolls or Display.DisplayBridge)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (feeds.FirstOrDefault() is not { } feed)
        {
            return;
        }
        // Payments a dead node left (its lease expired): this node's poller takes them over.
        var adoption = adoptions.FirstOrDefault();
        var adopting = adoption is not null
            ? StreamLoop.ForEachAsync(adoption.ReadAdoptedPaymentsAsync(stoppingToken), (entry, _) => { processor.Adopt(entry); return ValueTask.CompletedTask; }, stoppingToken)
            : Task.CompletedTask;
        // Cashiers' cancels another node handed to this one: each carried out at once, beside the others (a cancel waits for nothing).
        var cancelling = adoption is not null
            ? StreamLoop.ForEachAsync(adoption.ReadCancelRequestsAsync(stoppingToken), (id, _) => { Task.Run(() => processor.CarryOutCancelRequestAsync(id), CancellationToken.None); return ValueTask.CompletedTask; }, stoppingToken)
            : Task.CompletedTask;
        await StreamLoop.ForEachAsync(feed.ReadChangesAsync(stoppingToken), async (payment, ct) =>
        {
            foreach (var observer in _observers)
            {
                await observer.OnPaymentChangedAsync(payment, ct);
            }
        }, stoppingToken);
        await adopting;
        await cancelling;
    }
}
