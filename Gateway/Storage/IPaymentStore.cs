namespace Gateway.Storage;

/// <summary>
/// The payments of the journal and their Idempotency-Keys: what the engine (processor, poller), the API and the
/// admin read and write. The store is the single source of truth: every state change is committed here before
/// anything announces it, and a final payment never goes back to pending. Implemented by the SQLite journal
/// (<c>Gateway.Journal.PaymentJournal</c>); a provider may be remote, so any call may throw when the storage
/// is unavailable (the caller then learns nothing was committed, or at least nothing it can rely on).
/// </summary>
public interface IPaymentStore
{
    /// <summary>How long an Idempotency-Key is remembered (SPEC §3), for payments and refunds alike.</summary>
    static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// Inserts the payment and remembers its key, in one transaction, unless the key was used within the window
    /// before the new payment's <see cref="Payment.CreatedAt"/> (<see cref="CreateResult.Replayed"/> for the same <paramref name="requestHash"/>, else
    /// <see cref="CreateResult.KeyReused"/>) or the terminal already has a pending payment
    /// (<see cref="CreateResult.TerminalBusy"/>). Otherwise <see cref="CreateResult.Created"/>.
    /// </summary>
    Task<CreateResult> TryBeginCreateAsync(JournalEntry entry, string? idempotencyKey, string requestHash, CancellationToken ct);

    /// <summary>
    /// Commits <paramref name="updated"/> if the stored row is still at <paramref name="expectedVersion"/> and is
    /// pending or keeps its final status; false (nothing written) otherwise.
    /// </summary>
    Task<bool> TryUpdateAsync(JournalEntry updated, long expectedVersion, CancellationToken ct);

    /// <summary>
    /// WebMoney reports paid a payment that ended otherwise: it becomes latePaid (status and completion kept) and is
    /// no longer unresolved. Only a final, not paid, not yet latePaid row changes. The committed entry, or null.
    /// </summary>
    Task<JournalEntry?> MarkLatePaidAsync(string paymentId, CancellationToken ct);

    /// <summary>The committed payment (a provider may answer from a cache of what it committed itself).</summary>
    Task<JournalEntry?> GetAsync(string id, CancellationToken ct);

    /// <summary>The row as stored, bypassing any cache: after a refused update, the newer state.</summary>
    Task<JournalEntry?> ReloadAsync(string id, CancellationToken ct);

    /// <summary>The terminal's pending payment, else its most recent one.</summary>
    Task<JournalEntry?> GetLatestForTerminalAsync(string terminalId, CancellationToken ct);

    /// <summary>The payment that WebMoney knows under <paramref name="transactionId"/>, or null.</summary>
    Task<string?> FindByTransactionAsync(string transactionId, CancellationToken ct);

    /// <summary>What the poller resumes after a start: pending payments and unresolved endings.</summary>
    Task<IReadOnlyList<JournalEntry>> LoadActiveAsync(CancellationToken ct);

    /// <summary>Newest first (created, then id, descending), filtered; see <see cref="JournalQuery"/>.</summary>
    Task<JournalPage> ListAsync(JournalQuery query, CancellationToken ct);

    /// <summary>An Idempotency-Key remembered within the window: the payment it made and the hash of its body, or null.</summary>
    Task<(string PaymentId, string RequestHash)?> FindIdempotencyAsync(string key, DateTimeOffset now, CancellationToken ct);

    /// <summary>Forgets idempotency keys older than the window.</summary>
    Task PruneIdempotencyAsync(DateTimeOffset now, CancellationToken ct);
}
