namespace Gateway.Payments;

/// <summary>Body of <c>POST /payments</c>. Exactly one of <see cref="PaymentTypeCode"/> or <see cref="PaymentSystem"/>.</summary>
/// <param name="Amount">Rubles, &gt; 0, at most 2 decimals, ≤ Gateway:MaxAmount.</param>
/// <param name="PaymentTypeCode">The Кассир payment-type Code mapped in WebMoneyPaymentTypes.txt.</param>
/// <param name="PaymentSystem">Or the payment system itself: sbp, webMoney, weChat, alipay.</param>
/// <param name="ReceiptId">The POS receipt, ≤ 64 characters.</param>
/// <param name="TerminalId">[A-Za-z0-9_-]{1,32}; default Gateway:DefaultTerminalId.</param>
/// <param name="Description">≤ 128 characters.</param>
public sealed record CreatePaymentRequest(
    decimal? Amount,
    int? PaymentTypeCode,
    PaymentSystem? PaymentSystem,
    string? ReceiptId,
    string? TerminalId,
    string? Description);

/// <summary>
/// The payment object of SPEC §3, with §10's refund members (filled by Gateway.Refunds.RefundTotalsFilter):
/// RefundedAmount = succeeded refunds; RefundableAmount = amount − succeeded − pending (unresolved included), 0 unless paid.
/// </summary>
public sealed record PaymentResponse(
    string Id,
    PaymentStatus Status,
    string TerminalId,
    string? ReceiptId,
    string? Description,
    decimal Amount,
    string Currency,
    PaymentSystem PaymentSystem,
    int? PaymentTypeCode,
    string? TransactionId,
    QrResponse? Qr,
    DateTimeOffset CreatedAt,
    DateTimeOffset Deadline,
    DateTimeOffset? CompletedAt,
    PaymentErrorResponse? Error,
    bool Sandbox,
    bool LatePaid,
    bool Unresolved,
    decimal RefundedAmount = 0m,
    decimal RefundableAmount = 0m);

public sealed record QrResponse(string Payload, string SvgUrl, string PngUrl);

/// <summary><see cref="Message"/> is Russian, fit for the cashier's screen.</summary>
public sealed record PaymentErrorResponse(string Code, string Message);

public sealed record PaymentListResponse(IReadOnlyList<PaymentResponse> Items, string? NextCursor);

/// <summary>One WebMoney payment system with its Russian title and the Кассир Code mapped to it (null: not configured).</summary>
public sealed record PaymentTypeResponse(PaymentSystem PaymentSystem, string Title, int? PaymentTypeCode);

public static class PaymentMapping
{
    public static PaymentResponse ToResponse(this Payment p) => new(
        p.Id, p.Status, p.TerminalId, p.ReceiptId, p.Description, p.Amount, p.Currency, p.PaymentSystem, p.PaymentTypeCode,
        p.TransactionId,
        p.QrPayload is null ? null : new QrResponse(p.QrPayload, $"/payments/{p.Id}/qr.svg", $"/payments/{p.Id}/qr.png"),
        p.CreatedAt, p.Deadline, p.CompletedAt,
        p.Error is null ? null : new PaymentErrorResponse(p.Error.Code, p.Error.Message),
        p.Sandbox, p.LatePaid, p.Unresolved);
}
