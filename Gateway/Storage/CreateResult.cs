namespace Gateway.Storage;

/// <summary>
/// What a create came to: the one result of the use case, from the journal's insert through the processor to
/// the payments API, which turns each case into its HTTP answer.
/// </summary>
public abstract record CreateResult
{
    private CreateResult() { }

    /// <summary>Inserted: as journalled (from the journal), then as WebMoney's answer left it (from the processor).</summary>
    public sealed record Created(Payment Payment) : CreateResult;

    /// <summary>
    /// The same Idempotency-Key with the same body. The journal knows only the id; the service adds the payment
    /// once its QR (or ending) is known. A null payment after that means the original is gone.
    /// </summary>
    public sealed record Replayed(string PaymentId, Payment? Payment = null) : CreateResult;

    public sealed record KeyReused(string PaymentId) : CreateResult;

    public sealed record TerminalBusy(string PaymentId) : CreateResult;

    public sealed record NotConfigured(string? Reason) : CreateResult;

    public sealed record TypeNotConfigured(int Code) : CreateResult;

    public sealed record SystemNotConfigured(PaymentSystem System) : CreateResult;
}
