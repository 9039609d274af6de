using CustomerDisplay;
using Gateway.Payments;
using Microsoft.AspNetCore.SignalR;

namespace Gateway.Display;

/// <summary>
/// Which terminals have a display page subscribed right now (a hub filter on <see cref="DisplayHub"/>), so the
/// QR SVG is rendered only where someone will see it (bench B2: rendering it for every create was a quarter of
/// the gateway's CPU per payment). A page that subscribes later gets the SVG in its subscribe answer, filled in
/// here from the snapshot's payload.
/// </summary>
public sealed class DisplayWatchers : IHubFilter
{
    private readonly object _gate = new();
    private readonly Dictionary<string, string> _terminalOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _watchers = new(StringComparer.Ordinal);

    public bool IsWatched(string terminalId)
    {
        lock (_gate)
        {
            return _watchers.ContainsKey(terminalId);
        }
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        if (invocationContext.HubMethodName == nameof(DisplayHub.Subscribe)
            && invocationContext.HubMethodArguments is [string terminalId] && TerminalIds.IsValid(terminalId))
        {
            // Counted before the hub joins the group and reads the snapshot: a publisher that misses this mark
            // has stored its snapshot before the read, so the answer below carries it, SVG filled in.
            Watch(invocationContext.Context.ConnectionId, terminalId);
        }
        var result = await next(invocationContext);
        return result is DisplaySnapshot { QrSvg: null, QrPayload: { } payload } snapshot
            ? snapshot with { QrSvg = QrImages.Svg(payload) }
            : result;
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        Unwatch(context.Context.ConnectionId);
        await next(context, exception);
    }

    private void Watch(string connectionId, string terminalId)
    {
        lock (_gate)
        {
            UnwatchLocked(connectionId);
            _terminalOf[connectionId] = terminalId;
            _watchers[terminalId] = _watchers.GetValueOrDefault(terminalId) + 1;
        }
    }

    private void Unwatch(string connectionId)
    {
        lock (_gate)
        {
            UnwatchLocked(connectionId);
        }
    }

    private void UnwatchLocked(string connectionId)
    {
        if (!_terminalOf.Remove(connectionId, out var terminalId))
        {
            return;
        }
        if (_watchers[terminalId] <= 1)
        {
            _watchers.Remove(terminalId);
        }
        else
        {
            _watchers[terminalId]--;
        }
    }
}
