using CustomerDisplay;
using Gateway.Payments;
using Microsoft.Extensions.Options;

namespace Gateway.Display;

/// <summary>Connects the payments core to the customer display: each committed change goes to the notifier.</summary>
public sealed partial class DisplayBridge(
    DisplayNotifier notifier,
    IOptions<DisplayOptions> options,
    ILogger<DisplayBridge> logger) : IPaymentObserver
{
    public async ValueTask OnPaymentChangedAsync(Payment payment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payment);
        try
        {
            var snapshot = DisplaySnapshots.From(payment, TimeSpan.FromSeconds(options.Value.ResultSeconds));
            await notifier.PublishAsync(snapshot, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The payment is committed whatever the display does; a page catches up on its next subscribe.
            LogPublishFailed(ex, payment.Id, payment.TerminalId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Display: could not announce payment {PaymentId} on terminal {TerminalId}")]
    private partial void LogPublishFailed(Exception exception, string paymentId, string terminalId);
}
