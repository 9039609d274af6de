using CustomerDisplay;
using Gateway.Payments;
using Gateway.Settings;
using Microsoft.Extensions.Options;

namespace Gateway.Display;

/// <summary>What a page sees when it subscribes before anything was announced in this process: the journal's view.</summary>
public sealed class JournalSnapshotSource(IServiceProvider services, IOptions<DisplayOptions> options) : IDisplaySnapshotSource
{
    public async Task<DisplaySnapshot> GetSnapshotAsync(string terminalId, CancellationToken cancellationToken)
    {
        // Resolved lazily and optionally: the display works (idle) in a host without the payments core.
        var queries = services.GetService<IPaymentQueries>();
        var payment = queries is null ? null : await queries.GetLatestForTerminalAsync(terminalId, cancellationToken);
        return payment is null
            ? DisplaySnapshot.Idle(terminalId, services.GetService<ISettingsStore>()?.Current.Sandbox ?? false)
            : DisplaySnapshots.From(payment, TimeSpan.FromSeconds(options.Value.ResultSeconds));
    }
}
