namespace Gateway.Payments;

/// <summary>
/// Several nodes on one shared journal (SPEC §14): a payment another node works is announced here as its changes
/// arrive (<see cref="IPaymentChangeFeed"/>), so a till long-polling this node, or a customer display connected to it,
/// sees it. Only the observers that show a state are told — the long-polls and the display; history and metrics are
/// the working node's own and must not count a change twice. Without a shared journal (SQLite) there is no feed and
/// this service ends at once. With leases (<see cref="IWorkAdoption"/>) it also hands the payments of a dead node to
/// this node's poller.
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
        var adopting = adoptions.FirstOrDefault() is { } adoption ? AdoptAsync(adoption, stoppingToken) : Task.CompletedTask;
        await ForwardAsync(feed, stoppingToken);
        await adopting;
    }

    /// <summary>Payments a dead node left (its lease expired): this node's poller takes them over.</summary>
    private async Task AdoptAsync(IWorkAdoption adoption, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var entry in adoption.ReadAdoptedPaymentsAsync(stoppingToken))
            {
                processor.Adopt(entry);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ForwardAsync(IPaymentChangeFeed feed, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var payment in feed.ReadChangesAsync(stoppingToken))
            {
                foreach (var observer in _observers)
                {
                    await observer.OnPaymentChangedAsync(payment, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
