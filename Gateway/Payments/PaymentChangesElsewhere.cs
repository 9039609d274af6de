namespace Gateway.Payments;

/// <summary>
/// Several nodes on one shared journal (SPEC §14): a payment another node works is announced here as its changes
/// arrive (<see cref="IPaymentChangeFeed"/>), so a till long-polling this node, or a customer display connected to it,
/// sees it. Only the observers that show a state are told — the long-polls and the display; history and metrics are
/// the working node's own and must not count a change twice. Without a shared journal (SQLite) there is no feed and
/// this service ends at once.
/// </summary>
public sealed class PaymentChangesElsewhere(IEnumerable<IPaymentChangeFeed> feeds, IEnumerable<IPaymentObserver> observers) : BackgroundService
{
    private readonly IPaymentObserver[] _observers = [.. observers.Where(o => o is PaymentLongPolls or Display.DisplayBridge)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (feeds.FirstOrDefault() is not { } feed)
        {
            return;
        }
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
