namespace Gateway.Storage;

/// <summary>
/// Payment changes committed by OTHER gateway nodes on a shared storage (SPEC §14), so this node can tell its own
/// long-polls and displays. Only a provider that several nodes share registers one (PostgreSQL); the SQLite journal has
/// a single writer and none.
/// </summary>
public interface IPaymentChangeFeed
{
    /// <summary>
    /// Each payment another node changed, as stored after its commit; after a lost connection to the storage, every
    /// payment that may have changed meanwhile. Runs until <paramref name="ct"/> fires.
    /// </summary>
    IAsyncEnumerable<Payment> ReadChangesAsync(CancellationToken ct);
}
