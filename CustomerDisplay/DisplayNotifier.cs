using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace CustomerDisplay;

/// <summary>
/// The only sender to display pages. Keeps the last announced snapshot of each terminal and stamps every
/// snapshot it hands out with an increasing <see cref="DisplaySnapshot.Version"/>, so a page can tell a
/// push from an older subscribe answer. With an <see cref="IDisplayQrRenderer"/> the kept snapshot holds the QR
/// payload only, and the SVG is rendered again for a subscribe.
/// </summary>
public sealed partial class DisplayNotifier(
    IHubContext<DisplayHub, IDisplayClient> hub,
    IDisplaySnapshotSource source,
    TimeProvider time,
    ILogger<DisplayNotifier> logger,
    IDisplayQrRenderer? qr = null)
{
    // Bounded by the terminals that had payments: only announcements create entries, subscribes never do.
    private readonly ConcurrentDictionary<string, Terminal> _terminals = new(StringComparer.Ordinal);
    private long _version;

    public static string GroupOf(string terminalId) => "terminal:" + terminalId;

    /// <summary>Announce a terminal's new state to its pages. An older state of the same payment is dropped.</summary>
    public async Task PublishAsync(DisplaySnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var terminal = _terminals.GetOrAdd(snapshot.TerminalId, _ => new Terminal());
        DisplaySnapshot stamped;
        lock (terminal)
        {
            if (terminal.Current is { } current && current.PaymentId == snapshot.PaymentId
                && current.PaymentVersion > snapshot.PaymentVersion)
            {
                LogStaleDropped(snapshot.TerminalId, snapshot.PaymentId, snapshot.PaymentVersion);
                return;
            }
            stamped = snapshot with { Version = Interlocked.Increment(ref _version), ServerTime = time.GetUtcNow() };
            terminal.Current = qr is not null && stamped.QrPayload is not null ? stamped with { QrSvg = null } : stamped;
        }
        await hub.Clients.Group(GroupOf(snapshot.TerminalId)).Snapshot(stamped);
    }

    /// <summary>The terminal's current snapshot: the last announced one, else the host's source.</summary>
    public async Task<DisplaySnapshot> GetCurrentAsync(string terminalId, CancellationToken cancellationToken)
    {
        if (TryGetAnnounced(terminalId) is { } announced)
        {
            return announced;
        }
        var loaded = await source.GetSnapshotAsync(terminalId, cancellationToken);
        // An announcement made while loading is newer than what was loaded.
        return TryGetAnnounced(terminalId)
            ?? loaded with { Version = Interlocked.Increment(ref _version), ServerTime = time.GetUtcNow() };
    }

    private DisplaySnapshot? TryGetAnnounced(string terminalId)
    {
        if (!_terminals.TryGetValue(terminalId, out var terminal))
        {
            return null;
        }
        DisplaySnapshot? current;
        lock (terminal)
        {
            current = terminal.Current;
        }
        return current is null ? null : current with
        {
            ServerTime = time.GetUtcNow(),
            QrSvg = current.QrSvg ?? (current.QrPayload is { } payload && qr is not null ? qr.Svg(payload) : null),
        };
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Display: stale snapshot of payment {PaymentId} v{PaymentVersion} on terminal {TerminalId} dropped")]
    private partial void LogStaleDropped(string terminalId, string? paymentId, long paymentVersion);

    private sealed class Terminal
    {
        public DisplaySnapshot? Current { get; set; }
    }
}
