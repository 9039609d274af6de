using System.Collections.Concurrent;
using System.Threading.Channels;
using CustomerDisplay;
using Gateway.Payments;
using Microsoft.Extensions.Options;

namespace Gateway.Display;

/// <summary>
/// Connects the payments core to the customer display. Committed changes are queued and sent by a background
/// loop (<see cref="DisplayPublisher"/>): a tablet whose Wi-Fi died mid-send must never hold up a payment.
/// </summary>
public sealed partial class DisplayBridge(
    DisplayNotifier notifier,
    DisplayWatchers watchers,
    IPaymentQueries queries,
    IOptions<DisplayOptions> options,
    ILogger<DisplayBridge> logger) : IPaymentObserver
{
    private readonly Channel<Payment> _queue = Channel.CreateUnbounded<Payment>(new UnboundedChannelOptions { SingleReader = true });
    // The payment each terminal's screen belongs to: the newest one seen.
    private readonly ConcurrentDictionary<string, (string Id, DateTimeOffset CreatedAt)> _owners = new(StringComparer.Ordinal);

    public ValueTask OnPaymentChangedAsync(Payment payment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        _queue.Writer.TryWrite(payment);
        return ValueTask.CompletedTask;
    }

    /// <summary>Sends queued changes in commit order until <paramref name="stoppingToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        await foreach (var payment in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            await PublishAsync(payment, stoppingToken);
        }
    }

    internal async Task PublishAsync(Payment payment, CancellationToken cancellationToken)
    {
        try
        {
            if (!await OwnsScreenAsync(payment, cancellationToken))
            {
                // E.g. a late "paid" of an older payment while the next customer looks at their QR.
                LogNotOwner(payment.Id, payment.TerminalId);
                return;
            }
            var resultTime = TimeSpan.FromSeconds(options.Value.ResultSeconds);
            var watched = watchers.IsWatched(payment.TerminalId);
            var snapshot = DisplaySnapshots.From(payment, resultTime, withQrSvg: watched);
            await notifier.PublishAsync(snapshot, cancellationToken);
            if (!watched && snapshot.QrPayload is not null && watchers.IsWatched(payment.TerminalId))
            {
                // A page subscribed while this was being sent and may have got it without the picture.
                await notifier.PublishAsync(DisplaySnapshots.From(payment, resultTime), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The payment is committed whatever the display does; a page catches up on its next subscribe.
            LogPublishFailed(ex, payment.Id, payment.TerminalId);
        }
    }

    private async Task<bool> OwnsScreenAsync(Payment payment, CancellationToken cancellationToken)
    {
        if (!_owners.TryGetValue(payment.TerminalId, out var owner))
        {
            // First change seen for this terminal since start: the journal knows whose screen it is.
            var latest = await queries.GetLatestForTerminalAsync(payment.TerminalId, cancellationToken);
            owner = latest is null ? (payment.Id, payment.CreatedAt) : (latest.Id, latest.CreatedAt);
        }
        if (owner.Id != payment.Id && payment.CreatedAt < owner.CreatedAt)
        {
            _owners[payment.TerminalId] = owner;
            return false;
        }
        _owners[payment.TerminalId] = (payment.Id, payment.CreatedAt);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Display: could not announce payment {PaymentId} on terminal {TerminalId}")]
    private partial void LogPublishFailed(Exception exception, string paymentId, string terminalId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Display: payment {PaymentId} changed, but terminal {TerminalId} shows a newer payment; not shown")]
    private partial void LogNotOwner(string paymentId, string terminalId);
}

/// <summary>Runs the bridge's send loop for the life of the host.</summary>
public sealed class DisplayPublisher(DisplayBridge bridge) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => bridge.RunAsync(stoppingToken);
}
