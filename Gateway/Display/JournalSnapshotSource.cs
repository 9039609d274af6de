using CustomerDisplay;
using Gateway.Payments;
using Gateway.Settings;
using Microsoft.Extensions.Options;

namespace Gateway.Display;

/// <summary>What a page sees when it subscribes before anything was announced in this process: the journal's view.</summary>
public sealed class JournalSnapshotSource(IPaymentQueries queries, ISettingsStore settings, IOptions<DisplayOptions> options)
    : IDisplaySnapshotSource
{
    public async Task<DisplaySnapshot> GetSnapshotAsync(string terminalId, CancellationToken cancellationToken)
    {
        var payment = await queries.GetLatestForTerminalAsync(terminalId, cancellationToken);
        return payment is null
            ? DisplaySnapshot.Idle(terminalId, settings.Current.Sandbox)
            : DisplaySnapshots.From(payment, TimeSpan.FromSeconds(options.Value.ResultSeconds));
    }
}
