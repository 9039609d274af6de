namespace WebMoneyContract;

public static partial class PosApi
{
    public const string RefundPayment = nameof(RefundPayment);
    public const string GetRefundStatus = nameof(GetRefundStatus);

    public static string CanonicalString(RefundPaymentRequest r) => string.Join('|',
        RefundPayment, r.AgentId, r.PosNumber, r.CrsId, FormatRequestTime(r.RequestTime),
        r.TransactionId, r.RefundId, FormatAmount(r.Amount), r.Currency);

    public static string CanonicalString(GetRefundStatusRequest r) => string.Join('|',
        GetRefundStatus, r.AgentId, r.PosNumber, r.CrsId, FormatRequestTime(r.RequestTime), r.RefundTransactionId);
}

/// <summary>Refusal codes (1–99) of the refund operations.</summary>
public static class RefundResultCodes
{
    /// <summary>The transaction is not paid (or not refundable any more).</summary>
    public const int NotPaid = 40;
    /// <summary>The refunds of the transaction would add up to more than it was paid.</summary>
    public const int ExceedsPayment = 41;
    /// <summary>The RefundId was used before for another transaction or amount.</summary>
    public const int RefundIdReused = 42;
}
