using Gateway.Operations;

namespace Gateway.Payments;

/// <summary>The payments' journal as the engine's store: a row is a <see cref="JournalEntry"/>, versioned by its payment.</summary>
internal sealed class PaymentEngineStore(IPaymentStore journal) : IOperationStore<JournalEntry>
{
    public string IdOf(JournalEntry state) => state.Payment.Id;

    public long VersionOf(JournalEntry state) => state.Payment.Version;

    public JournalEntry WithVersion(JournalEntry state, long version) => state with { Payment = state.Payment with { Version = version } };

    public Task<bool> TryUpdateAsync(JournalEntry next, long expectedVersion) => journal.TryUpdateAsync(next, expectedVersion, CancellationToken.None);

    public Task<JournalEntry?> ReloadAsync(string id) => journal.ReloadAsync(id, CancellationToken.None);

    /// <summary>The payment changed (the bookkeeping alone, such as an error count, is nobody's news).</summary>
    public bool IsVisibleChange(JournalEntry before, JournalEntry after) =>
        after.Payment with { Version = 0 } != before.Payment with { Version = 0 };
}
