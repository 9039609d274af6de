using System;

namespace KassirClient.Internal;

internal static class WireMapping
{
    /// <summary>The public payment, or null when the answer is not a payment at all.</summary>
    public static Payment? ToPayment(PaymentWire? w)
    {
        if (w is null || string.IsNullOrEmpty(w.Id))
        {
            return null;
        }

        return new Payment
        {
            Id = w.Id!,
            Status = ParseStatus(w.Status),
            TerminalId = w.TerminalId,
            ReceiptId = w.ReceiptId,
            Description = w.Description,
            Amount = w.Amount,
            Currency = string.IsNullOrEmpty(w.Currency) ? "RUB" : w.Currency!,
            PaymentSystem = ParseSystem(w.PaymentSystem),
            PaymentTypeCode = w.PaymentTypeCode,
            TransactionId = w.TransactionId,
            Qr = string.IsNullOrEmpty(w.Qr?.Payload) ? null : new PaymentQr(w.Qr!.Payload!, w.Qr.SvgUrl, w.Qr.PngUrl),
            CreatedAt = Json.ParseDate(w.CreatedAt),
            Deadline = Json.ParseDate(w.Deadline),
            CompletedAt = Json.ParseDate(w.CompletedAt),
            Error = string.IsNullOrEmpty(w.Error?.Code) ? null : new PaymentError(w.Error!.Code!, w.Error.Message ?? ""),
            Sandbox = w.Sandbox == true,
            LatePaid = w.LatePaid == true,
            Unresolved = w.Unresolved == true,
        };
    }

    // Explicit names, not Enum.TryParse: that one would also accept "1" or "Paid, Failed".
    private static PaymentStatus ParseStatus(string? s) => s?.ToUpperInvariant() switch
    {
        "PENDING" => PaymentStatus.Pending,
        "PAID" => PaymentStatus.Paid,
        "DECLINED" => PaymentStatus.Declined,
        "TIMEDOUT" => PaymentStatus.TimedOut,
        "CANCELLED" => PaymentStatus.Cancelled,
        "FAILED" => PaymentStatus.Failed,
        _ => PaymentStatus.Unknown,
    };

    private static PaymentSystem? ParseSystem(string? s) => s?.ToUpperInvariant() switch
    {
        "SBP" => PaymentSystem.Sbp,
        "WEBMONEY" => PaymentSystem.WebMoney,
        "WECHAT" => PaymentSystem.WeChat,
        "ALIPAY" => PaymentSystem.Alipay,
        _ => null,
    };
}
