using Microsoft.AspNetCore.SignalR;

namespace CustomerDisplay;

/// <summary>
/// The display hub. Its only client-callable method subscribes the caller to one terminal; nothing here
/// lets a client send anything to other clients (only <see cref="DisplayNotifier"/> pushes).
/// </summary>
public sealed class DisplayHub(DisplayNotifier notifier) : Hub<IDisplayClient>
{
    public const string Path = "/hubs/display";

    private const string TerminalKey = "terminal";

    /// <summary>Watch one terminal (a later call moves the connection to another) and get its current snapshot.</summary>
    public async Task<DisplaySnapshot> Subscribe(string terminalId)
    {
        if (!TerminalIds.IsValid(terminalId))
        {
            throw new HubException("Неверный номер терминала (invalid terminal id: " + LocalPay.Shared.TerminalIdRule.Pattern + ").");
        }

        if (Context.Items.TryGetValue(TerminalKey, out var previous) && previous is string old && old != terminalId)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, DisplayNotifier.GroupOf(old));
        }
        // Join first, then read: any change committed after the read is pushed to this connection.
        await Groups.AddToGroupAsync(Context.ConnectionId, DisplayNotifier.GroupOf(terminalId));
        Context.Items[TerminalKey] = terminalId;
        return await notifier.GetCurrentAsync(terminalId, Context.ConnectionAborted);
    }
}
