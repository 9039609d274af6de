using Gateway.Payments;

namespace Gateway.Refunds;

/// <summary>Body of <c>POST /payments/{id}/refunds</c>.</summary>
/// <param name="Amount">Rubles, &gt; 0, at most 2 decimals; absent: the whole amount still refundable.</param>
/// <param name="Reason">Why (the return receipt, the goods), ≤ 128 characters.</param>
public sealed record CreateRefundRequest(decimal? Amount, string? Reason);

/// <summary>
/// The refund object of SPEC §10. Unresolved: WebMoney has not answered well-formed for too long, so the refund may or
/// may not have happened; it stays pending and is still checked.
/// </summary>
public sealed record RefundResponse(
    string Id,
    string PaymentId,
    decimal Amount,
    string Currency,
    RefundStatus Status,
    string? Reason,
    string? RefundTransactionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    PaymentErrorResponse? Error,
    bool Unresolved);

public sealed record RefundListResponse(IReadOnlyList<RefundResponse> Items);

public static class RefundMapping
{
    public static RefundResponse ToResponse(this Refund r) => new(
        r.Id, r.PaymentId, r.Amount, r.Currency, r.Status, r.Reason, r.RefundTransactionId, r.CreatedAt, r.CompletedAt,
        r.Error is null ? null : new PaymentErrorResponse(r.Error.Code, r.Error.Message), r.Unresolved);

    /// <summary>The payment object's refund members: succeeded refunds, and what may still be refunded (0 unless paid).</summary>
    public static PaymentResponse WithRefunds(this PaymentResponse p, RefundTotals totals) => p with
    {
        RefundedAmount = totals.Refunded,
        RefundableAmount = p.Status == PaymentStatus.Paid || p.LatePaid ? Math.Max(0, p.Amount - totals.Reserved) : 0,
    };
}
