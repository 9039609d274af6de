using WebMoneyContract;

namespace WebMoneyEmulator.Refunds;

/// <summary>One refund as the emulator holds it (a snapshot: the book replaces it on every change).</summary>
/// <param name="Status">The wire status (<see cref="WireRefundStatus"/>).</param>
public sealed record EmulatorRefund(
    string RefundTransactionId,
    string RefundId,
    string TransactionId,
    Money Amount,
    string Currency,
    string Status,
    string? StatusMessage,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt)
{
    public bool IsFinal => Status != WireRefundStatus.Pending;
}
