using Gateway.Operations;

namespace Gateway.Refunds;

/// <summary>The refunds table as the engine's store: every committed change of a refund is announced.</summary>
internal sealed class RefundEngineStore(IRefundStore journal) : IOperationStore<Refund>
{
    public string IdOf(Refund state) => state.Id;

    public long VersionOf(Refund state) => state.Version;

    public Refund WithVersion(Refund state, long version) => state with { Version = version };

    public Task<bool> TryUpdateAsync(Refund next, long expectedVersion) => journal.TryUpdateAsync(next, expectedVersion, CancellationToken.None);

    public Task<Refund?> ReloadAsync(string id) => journal.GetAsync(id, CancellationToken.None);

    public bool IsVisibleChange(Refund before, Refund after) => true;
}
