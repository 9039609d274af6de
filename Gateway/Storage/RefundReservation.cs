using System.Diagnostics.CodeAnalysis;

namespace Gateway.Storage;

/// <summary>A refund asked for, checked at the edge; <see cref="Amount"/> null means "what is still refundable".</summary>
public sealed record RefundDraft(string RefundId, string PaymentId, Money? Amount, string? Reason, string? IdempotencyKey,
    string RequestHash, DateTimeOffset Now, int MaxStatusErrors, bool Configured);

/// <param name="Refunded">Sum of succeeded refunds.</param>
/// <param name="Reserved">Succeeded plus pending (unresolved included): what is no longer refundable.</param>
public readonly record struct RefundTotals(Money Refunded, Money Reserved);

/// <summary>What a reservation came to; only <see cref="Inserted"/> wrote anything.</summary>
public abstract record ReserveResult
{
    private ReserveResult() { }

    public sealed record Inserted(Refund Refund) : ReserveResult;
    public sealed record Replay(string RefundId) : ReserveResult;
    public sealed record KeyReused(string RefundId) : ReserveResult;
    public sealed record PaymentNotFound : ReserveResult;
    public sealed record NotPaid(string Status) : ReserveResult;
    public sealed record Exceeds(Money Refundable) : ReserveResult;
    public sealed record NotConfigured : ReserveResult;
}

/// <summary>The identity a payment went out under (SPEC §15): its PosNumber (null before it was recorded) and terminal.</summary>
public sealed record PaymentIdentity(string? PosNumber, string TerminalId);

/// <summary>The paid payment a refund is reserved against, as a provider read it inside its reservation's transaction.</summary>
/// <param name="Status">The payment's status by name (<see cref="PaymentStatus"/>).</param>
/// <param name="LatePaid">WebMoney reported it paid after it had ended otherwise: its money did arrive.</param>
/// <param name="Amount">What was paid.</param>
/// <param name="Currency">The payment's currency, which its refunds keep.</param>
/// <param name="TransactionId">WebMoney's transaction, which RefundPayment names; null if the create never got one.</param>
public sealed record RefundablePayment(string Status, bool LatePaid, Money Amount, string Currency, string? TransactionId);

/// <summary>
/// The reservation's one rule, for every provider (SPEC §10): what the key lookup found decides first (the provider
/// asks it before this), then, in this order, the payment must exist, be paid (or late-paid: its money did arrive)
/// and have a transaction; the amount (or, without one, all that is left) must fit in what succeeded and pending
/// refunds have not taken; the refunds must be configured. Only then is the refund written — by the provider, in the
/// same transaction that read the payment and what is reserved.
/// </summary>
public static class RefundReservation
{
    /// <returns>True with <paramref name="refund"/> the pending refund to insert; false with the refusal.</returns>
    public static bool Accepts(RefundDraft draft, RefundablePayment? payment, Money reserved,
        [NotNullWhen(true)] out Refund? refund, [NotNullWhen(false)] out ReserveResult? refusal)
    {
        refund = null;
        refusal = Refusal(draft, payment, reserved, out var amount);
        if (refusal is not null)
        {
            return false;
        }
        refund = new Refund
        {
            Id = draft.RefundId, PaymentId = draft.PaymentId, TransactionId = payment!.TransactionId!, Amount = amount,
            Currency = payment.Currency, Status = RefundStatus.Pending, Reason = draft.Reason, CreatedAt = draft.Now,
            MaxStatusErrors = draft.MaxStatusErrors,
        };
        return true;
    }

    private static ReserveResult? Refusal(RefundDraft draft, RefundablePayment? payment, Money reserved, out Money amount)
    {
        amount = Money.Zero;
        if (payment is null)
        {
            return new ReserveResult.PaymentNotFound();
        }
        if ((payment.Status != nameof(PaymentStatus.Paid) && !payment.LatePaid) || payment.TransactionId is null)
        {
            return new ReserveResult.NotPaid(payment.Status);
        }
        var refundable = payment.Amount - reserved;
        amount = draft.Amount ?? refundable;
        if (refundable <= Money.Zero || amount > refundable)
        {
            return new ReserveResult.Exceeds(Money.Max(refundable, Money.Zero));
        }
        return draft.Configured ? null : new ReserveResult.NotConfigured();
    }
}
