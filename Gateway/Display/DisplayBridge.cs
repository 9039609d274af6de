using CustomerDisplay;
using Gateway.Payments;
using Gateway.Settings;
using Microsoft.Extensions.Options;

namespace Gateway.Display;

/// <summary>
/// Connects the payments core to the customer display: committed changes go to the notifier; a page that
/// subscribes gets the terminal's latest payment from the journal.
/// </summary>
public sealed partial class DisplayBridge(
    DisplayNotifier notifier,
    IServiceProvider services,
    IOptions<DisplayOptions> options,
    ILogger<DisplayBridge> logger) : IPaymentObserver, IDisplaySnapshotSource
{
    private TimeSpan ResultTime => TimeSpan.FromSeconds(options.Value.ResultSeconds);

    public async ValueTask OnPaymentChangedAsync(Payment payment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        try
        {
            await notifier.PublishAsync(DisplaySnapshots.From(payment, ResultTime), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The payment is committed whatever the display does; a page catches up on its next subscribe.
            LogPublishFailed(ex, payment.Id, payment.TerminalId);
        }
    }

    public async Task<DisplaySnapshot> GetSnapshotAsync(string terminalId, CancellationToken cancellationToken)
    {
        // Resolved lazily and optionally: the display works (idle) in a host without the payments core.
        var queries = services.GetService<IPaymentQueries>();
        var payment = queries is null ? null : await queries.GetLatestForTerminalAsync(terminalId, cancellationToken);
        return payment is null
            ? DisplaySnapshot.Idle(terminalId, services.GetService<ISettingsStore>()?.Current.Sandbox ?? false)
            : DisplaySnapshots.From(payment, ResultTime);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Display: could not announce payment {PaymentId} on terminal {TerminalId}")]
    private partial void LogPublishFailed(Exception exception, string paymentId, string terminalId);
}
