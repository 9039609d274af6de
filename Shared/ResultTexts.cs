// The Russian phrases of a payment's or refund's result that the gateway (Gateway/Payments/CashierMessages.cs,
// the customer display) and KassirClient (Internal/Results.cs, Internal/RefundResults.cs) both say. Compiled into
// the gateway and linked into KassirClient (net462 and netstandard2.0: constants only). Each side builds its whole
// sentences from these; neither recognises the other's sentences (the client decides from codes and flags).
namespace LocalPay.Shared;

/// <summary>Result phrases shared by the gateway and the POS client, for the cashier and the customer.</summary>
internal static class ResultTexts
{
    public const string Paid = "Оплачено";

    /// <summary>Said only when WebMoney confirmed the money cannot arrive.</summary>
    public const string NotPaid = "Чек не оплачен.";

    public const string Declined = "Платёж отклонён";

    public const string TimedOut = "Время ожидания оплаты истекло";

    public const string Cancelled = "Оплата отменена";

    public const string Failed = "Оплата не прошла";

    public const string QrRejected = "WebMoney отказал в создании QR-кода";

    public const string RefundRejected = "WebMoney отказал в возврате";

    public const string NotConfigured = "Платёжный шлюз не настроен";
}
