namespace Gateway.Payments;

/// <summary>What the cashier reads when a payment does not end paid (Russian, one or two lines).</summary>
public static class CashierMessages
{
    public static PaymentError Declined(string? reason) => new(PaymentErrorCodes.Declined,
        string.IsNullOrWhiteSpace(reason) ? "Платёж отклонён платёжной системой. " + NotPaid
            // WebMoney's own reason often says "declined" already: never «Платёж отклонён: Платёж отклонён…».
            : reason.StartsWith("Платёж отклонён", StringComparison.OrdinalIgnoreCase) ? $"{reason.TrimEnd('.')}. {NotPaid}"
            : $"Платёж отклонён: {reason.TrimEnd('.')}. {NotPaid}");

    /// <summary>Said only when WebMoney confirmed the money cannot arrive.</summary>
    public const string NotPaid = "Чек не оплачен.";

    public static readonly PaymentError Timeout = new(PaymentErrorCodes.Timeout,
        "Время ожидания оплаты истекло. Чек не оплачен.");

    public static readonly PaymentError TechnicalErrors = new(PaymentErrorCodes.TechnicalErrors,
        "Нет ответа от WebMoney: результат оплаты пока не подтверждён. Не принимайте оплату повторно — шлюз продолжит проверку, администратор увидит итог.");

    public static readonly PaymentError CancelledByCashier = new(PaymentErrorCodes.CancelledByCashier,
        "Оплата отменена кассиром. Чек не оплачен.");

    public static PaymentError Rejected(string? reason) => new(PaymentErrorCodes.WebMoneyRejected,
        string.IsNullOrWhiteSpace(reason) ? "WebMoney отказал в создании QR-кода." : $"WebMoney отказал в создании QR-кода: {reason}");

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
}
