using System.Globalization;
using System.Text.Json;
using Gateway.Refunds;
using LocalPay.Shared;

namespace Gateway.Payments;

/// <summary>
/// Every Russian result message the gateway gives, in one place: what the cashier reads when a payment or a
/// refund does not end well (one or two lines), and what the customer display says about a failed payment.
/// The phrases KassirClient says too come from <see cref="ResultTexts"/>.
/// </summary>
public static class CashierMessages
{
    public static PaymentError Declined(string? reason) => new(PaymentErrorCodes.Declined,
        string.IsNullOrWhiteSpace(reason) ? ResultTexts.Declined + " платёжной системой. " + NotPaid
            // WebMoney's own reason often says "declined" already: never «Платёж отклонён: Платёж отклонён…».
            : reason.StartsWith(ResultTexts.Declined, StringComparison.OrdinalIgnoreCase) ? $"{reason.TrimEnd('.')}. {NotPaid}"
            : $"{ResultTexts.Declined}: {reason.TrimEnd('.')}. {NotPaid}");

    /// <summary>Said only when WebMoney confirmed the money cannot arrive.</summary>
    public const string NotPaid = ResultTexts.NotPaid;

    public static readonly PaymentError Timeout = new(PaymentErrorCodes.Timeout,
        ResultTexts.TimedOut + ". " + NotPaid);

    public static readonly PaymentError TechnicalErrors = new(PaymentErrorCodes.TechnicalErrors,
        "Нет ответа от WebMoney: результат оплаты пока не подтверждён. Не принимайте оплату повторно — шлюз продолжит проверку, администратор увидит итог.");

    public static readonly PaymentError CancelledByCashier = new(PaymentErrorCodes.CancelledByCashier,
        "Оплата отменена кассиром. Чек не оплачен.");

    public static PaymentError Rejected(string? reason) => new(PaymentErrorCodes.WebMoneyRejected,
        string.IsNullOrWhiteSpace(reason) ? ResultTexts.QrRejected + "." : $"{ResultTexts.QrRejected}: {reason}");

    public static readonly PaymentError Unavailable = new(PaymentErrorCodes.WebMoneyUnavailable,
        "WebMoney не отвечает: QR-код не получен, оплата не создана. Повторите попытку позже или выберите другой способ оплаты.");

    /// <summary>Replaces «Чек не оплачен.» on an uncertain ending: the payment is still being checked in the background.</summary>
    public const string StillChecking = "Оплата не подтверждена и ещё проверяется: не принимайте оплату повторно.";

    /// <summary>The message for an ending without a definite "not paid": never claims the receipt is unpaid.</summary>
    public static PaymentError Unconfirmed(PaymentError error) => error.Code == PaymentErrorCodes.TechnicalErrors || error.Message.EndsWith(StillChecking, StringComparison.Ordinal)
        ? error
        : error with { Message = error.Message.Replace(NotPaid, "", StringComparison.Ordinal).TrimEnd() + " " + StillChecking };

    /// <summary>
    /// WebMoney refused the request because its RequestTime is too far from the server's clock (result code 11):
    /// nothing will work until the POS clock is fixed, so the cashier is told what to do, not "declined".
    /// </summary>
    public static PaymentError ClockSkew(string code) => new(code,
        "WebMoney отклонил запрос: часы кассового компьютера расходятся со временем сервера. Проверьте дату, время и часовой пояс, сообщите администратору.");

    /// <summary>An unresolved ending that WebMoney has since confirmed as not paid: the message says so now.</summary>
    public static PaymentError Confirmed(PaymentError error) => error.Code == PaymentErrorCodes.TechnicalErrors
        ? error with { Message = "WebMoney не отвечал; оплата отменена. " + NotPaid }
        : error with { Message = error.Message.Replace(StillChecking, NotPaid, StringComparison.Ordinal) };

    /// <summary>The detail of 422 payment_type_not_configured for a Кассир Code (English for the log, Russian for the cashier).</summary>
    public static string TypeNotConfigured(int code) =>
        $"Code {code} is not in WebMoneyPaymentTypes.txt. / Код {code} не настроен в WebMoneyPaymentTypes.txt.";

    // ---- Refunds (SPEC §10) ----

    public static PaymentError RefundRejected(string message) =>
        new(RefundErrorCodes.WebMoneyRejected, $"{ResultTexts.RefundRejected}: {message}");

    public static PaymentError RefundDeclined(string? message) =>
        new(RefundErrorCodes.Declined, $"Платёжная система отклонила возврат{(string.IsNullOrWhiteSpace(message) ? "" : ": " + message)}");

    public static readonly PaymentError RefundUnavailable = new(RefundErrorCodes.WebMoneyUnavailable,
        "Нет ответа от WebMoney о возврате. Возврат не завершён и проверяется автоматически; не повторяйте его другим способом.");

    /// <summary>The detail of 409 payment_not_paid.</summary>
    public static string RefundOfUnpaid(string status) =>
        $"Платёж не оплачен (статус {JsonNamingPolicy.CamelCase.ConvertName(status)}): возврат невозможен.";

    /// <summary>The detail of 409 refund_exceeds_payment.</summary>
    public static string RefundExceeds(decimal refundable) =>
        $"Сумма возвратов превысит сумму платежа. Доступно к возврату: {refundable.ToString("0.00", CultureInfo.GetCultureInfo("ru-RU"))} ₽.";

    // ---- The customer display ----

    /// <summary>
    /// What the display says about a failed payment: the cashier's message, except where it speaks to the cashier —
    /// an outcome not confirmed yet tells the customer to ask at the till rather than to pay again.
    /// </summary>
    public static string ForCustomer(Payment payment) =>
        payment.Error?.Code == PaymentErrorCodes.TechnicalErrors || payment.Unresolved
            ? "Оплата пока не подтверждена. Пожалуйста, не оплачивайте повторно — обратитесь к кассиру."
            : payment.Error?.Message is { Length: > 0 } message ? message : payment.Status switch
            {
                PaymentStatus.TimedOut => ResultTexts.TimedOut,
                PaymentStatus.Cancelled => ResultTexts.Cancelled,
                PaymentStatus.Declined => ResultTexts.Declined,
                _ => ResultTexts.Failed,
            };
}
