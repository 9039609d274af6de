namespace Gateway.Storage;

/// <summary>A refund asked for, checked at the edge; <see cref="Amount"/> null means "what is still refundable".</summary>
public sealed record RefundDraft(string RefundId, string PaymentId, decimal? Amount, string? Reason, string? IdempotencyKey,
    string RequestHash, DateTimeOffset Now, int MaxStatusErrors, bool Configured);

/// <param name="Refunded">Sum of succeeded refunds.</param>
/// <param name="Reserved">Succeeded plus pending (unresolved included): what is no longer refundable.</param>
public readonly record struct RefundTotals(decimal Refunded, decimal Reserved);

/// <summary>What a reservation came to; only <see cref="Inserted"/> wrote anything.</summary>
public abstract record ReserveResult
{
    private ReserveResult() { }

    public sealed record Inserted(Refund Refund) : ReserveResult;
    public sealed record Replay(string RefundId) : ReserveResult;
    public sealed record KeyReused(string RefundId) : ReserveResult;
    public sealed record PaymentNotFound : ReserveResult;
    public sealed record NotPaid(string Status) : ReserveResult;
    public sealed record Exceeds(decimal Refundable) : ReserveResult;
    public sealed record NotConfigured : ReserveResult;
}

/// <summary>The identity a payment went out under (SPEC §15): its PosNumber (null before it was recorded) and terminal.</summary>
public sealed record PaymentIdentity(string? PosNumber, string TerminalId);
