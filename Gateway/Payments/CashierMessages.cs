namespace Gateway.Payments;

/// <summary>What the cashier reads when a payment does not end paid (Russian, one or two lines).</summary>
public static class CashierMessages
{
    public static PaymentError Declined(string? reason) => new(PaymentErrorCodes.Declined,
        string.IsNullOrWhiteSpace(reason) ? "Платёж отклонён платёжной системой. Чек не оплачен." : $"Платёж отклонён: {reason}. Чек не оплачен.");

    public static readonly PaymentError Timeout = new(PaymentErrorCodes.Timeout,
        "Время ожидания оплаты истекло, платёж отменён. Чек не оплачен.");

    public static readonly PaymentError TechnicalErrors = new(PaymentErrorCodes.TechnicalErrors,
        "Нет ответа от WebMoney: результат оплаты пока не подтверждён. Не принимайте оплату повторно — шлюз продолжит проверку, администратор увидит итог.");

    public static readonly PaymentError CancelledByCashier = new(PaymentErrorCodes.CancelledByCashier,
        "Оплата отменена кассиром. Чек не оплачен.");

    public static PaymentError Rejected(string? reason) => new(PaymentErrorCodes.WebMoneyRejected,
        string.IsNullOrWhiteSpace(reason) ? "WebMoney отказал в создании QR-кода." : $"WebMoney отказал в создании QR-кода: {reason}");

    public static readonly PaymentError Unavailable = new(PaymentErrorCodes.WebMoneyUnavailable,
        "WebMoney не отвечает: QR-код не получен, оплата не создана. Повторите попытку позже или выберите другой способ оплаты.");

    /// <summary>Appended to an uncertain ending: the payment is still being checked in the background.</summary>
    public const string StillChecking = " Оплата ещё проверяется.";
}
