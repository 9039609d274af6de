namespace Gateway.Storage;

/// <summary>
/// Refund changes committed by OTHER gateway nodes on a shared storage (SPEC §14), for this node's refund long-polls;
/// the refund side of <see cref="IPaymentChangeFeed"/> (registered by the same providers).
/// </summary>
public interface IRefundChangeFeed
{
    /// <summary>Each refund another node changed, as stored after its commit. Runs until <paramref name="ct"/> fires.</summary>
    IAsyncEnumerable<Refund> ReadRefundChangesAsync(CancellationToken ct);
}
