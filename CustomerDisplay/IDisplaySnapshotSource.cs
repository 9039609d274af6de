namespace CustomerDisplay;

/// <summary>
/// The host's view of a terminal's current state, asked when a page subscribes and nothing has been
/// announced for that terminal in this process yet (e.g. after a restart).
/// </summary>
public interface IDisplaySnapshotSource
{
    Task<DisplaySnapshot> GetSnapshotAsync(string terminalId, CancellationToken cancellationToken);
}

/// <summary>Used until the host registers a real source: every terminal is idle.</summary>
internal sealed class IdleSnapshotSource : IDisplaySnapshotSource
{
    public Task<DisplaySnapshot> GetSnapshotAsync(string terminalId, CancellationToken cancellationToken) =>
        Task.FromResult(DisplaySnapshot.Idle(terminalId, sandbox: false));
}
