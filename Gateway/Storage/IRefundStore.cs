namespace Gateway.Storage;

/// <summary>
/// The refunds of the journal (SPEC §10). A reservation checks the payment and the refunds already taken and
/// inserts the new one atomically, so concurrent refunds can never together exceed the payment. Updates are
/// versioned like the payments'. Implemented by <c>Gateway.Journal.RefundJournal</c>.
/// </summary>
public interface IRefundStore
{
    /// <summary>
    /// Checks the key (used within <see cref="IPaymentStore.IdempotencyWindow"/> before <see cref="RefundDraft.Now"/>:
    /// <see cref="ReserveResult.Replay"/> for the same hash, else <see cref="ReserveResult.KeyReused"/>), the payment (paid or
    /// latePaid, with a transaction), what is already refunded or reserved, then <see cref="RefundDraft.Configured"/>,
    /// and inserts the refund: all or nothing.
    /// </summary>
    Task<ReserveResult> TryReserveAsync(RefundDraft draft, CancellationToken ct);

    /// <summary>Commits <paramref name="updated"/> if the row is still pending at <paramref name="expectedVersion"/>.</summary>
    Task<bool> TryUpdateAsync(Refund updated, long expectedVersion, CancellationToken ct);

    /// <summary>
    /// Commits <paramref name="updated"/> over a row still <c>failed</c> at <paramref name="expectedVersion"/>: only for
    /// WebMoney's later word that it completed the refund after all (reconciliation, SPEC §11).
    /// </summary>
    Task<bool> TryCorrectFailedAsync(Refund updated, long expectedVersion, CancellationToken ct);

    Task<Refund?> GetAsync(string id, CancellationToken ct);

    /// <summary>The payment's refunds, oldest first.</summary>
    Task<IReadOnlyList<Refund>> ListForPaymentAsync(string paymentId, CancellationToken ct);

    /// <summary>Pending refunds: what the executor resumes after a start.</summary>
    Task<IReadOnlyList<Refund>> LoadActiveAsync(CancellationToken ct);

    /// <summary>Newest first; <paramref name="attention"/>: only unresolved ones.</summary>
    Task<IReadOnlyList<Refund>> ListAsync(bool attention, int limit, CancellationToken ct);

    /// <summary>Succeeded and reserved (succeeded + pending, unresolved included) sums per payment; payments without refunds are absent.</summary>
    Task<IReadOnlyDictionary<string, RefundTotals>> TotalsForAsync(IReadOnlyCollection<string> paymentIds, CancellationToken ct);

    /// <summary>The identity a payment went out under (SPEC §15), or null if there is no such payment.</summary>
    Task<PaymentIdentity?> IdentityOfAsync(string paymentId, CancellationToken ct);

    /// <summary>Refunds made in [<paramref name="from"/>, <paramref name="to"/>) that are not succeeded, of sandbox payments or of real ones.</summary>
    Task<IReadOnlyList<Refund>> ListNotSucceededMadeBetweenAsync(DateTimeOffset from, DateTimeOffset to, bool sandbox, CancellationToken ct);
}
