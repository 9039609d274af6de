using System.Globalization;
using Gateway.Payments;
using Gateway.WebMoney;
using WebMoneyContract;

namespace Gateway.History;

/// <summary>The Russian sentences of the history (written once, when the event is recorded).</summary>
internal static class HistoryTexts
{
    public static string Money(decimal amount) =>
        amount.ToString("#,0.00", CultureInfo.InvariantCulture).Replace(",", "\u00a0", StringComparison.Ordinal).Replace('.', ',') + "\u00a0₽";

    public static string Created(Payment p) =>
        $"Платёж создан: {Money(p.Amount)}, {p.PaymentSystem.Title()}, касса {p.TerminalId}" + (p.ReceiptId is { } r ? $", чек {r}" : "");

    public static string QrIssued(Payment p) => $"QR-код получен от WebMoney (транзакция {p.TransactionId})";

    public static string Final(Payment p)
    {
        var what = p.Status switch
        {
            PaymentStatus.Paid => "оплачен",
            PaymentStatus.Declined => "отклонён",
            PaymentStatus.TimedOut => "время ожидания истекло",
            PaymentStatus.Cancelled => "отменён",
            _ => "не проведён",
        };
        var text = $"Итог: {what}";
        if (p.Error is { } error)
        {
            text += $" — {error.Message}";
        }
        return p.Unresolved ? text + ". WebMoney не подтвердил, что оплаты нет: платёж проверяется в фоне" : text;
    }

    public static string LatePaid(Payment p) => $"ОПЛАЧЕН ПОЗДНО: WebMoney сообщил об оплате после завершения платежа ({Money(p.Amount)}). Проверьте чек";

    public const string Resolved = "WebMoney подтвердил, что оплаты нет: фоновые проверки закончены";

    public const string CancelRequested = "Кассир отменил платёж";

    public const string RecheckRequested = "Администратор запросил проверку сейчас";

    public static string Operation(string operation) => operation switch
    {
        PosApi.CreateQrPayment => "создание QR",
        PosApi.GetPaymentStatus => "запрос статуса",
        PosApi.CancelPayment => "отмена",
        PosApi.RefundPayment => "возврат",
        PosApi.GetRefundStatus => "статус возврата",
        _ => operation,
    };

    public static string Status(string? wireStatus) => wireStatus switch
    {
        WireStatus.Created => "создан",
        WireStatus.WaitingForPayment => "ожидает оплаты",
        WireStatus.Paid => "оплачен",
        WireStatus.Rejected => "отклонён",
        WireStatus.Expired => "истёк",
        WireStatus.Cancelled => "отменён",
        WireRefundStatus.Pending => "выполняется",
        WireRefundStatus.Completed => "выполнен",
        null => "без статуса",
        _ => wireStatus,
    };

    public static string Kind(TechnicalErrorKind kind) => kind switch
    {
        TechnicalErrorKind.Connect => "нет соединения",
        TechnicalErrorKind.Tls => "ошибка TLS (сертификат)",
        TechnicalErrorKind.Timeout => "нет ответа вовремя",
        TechnicalErrorKind.HttpStatus => "ошибка HTTP",
        TechnicalErrorKind.SoapFault => "ошибка SOAP",
        TechnicalErrorKind.TemporaryResultCode => "временная ошибка WebMoney",
        _ => "непонятный ответ",
    };

    public static string Call<T>(string operation, WebMoneyOutcome<T> outcome, string? wireStatus) => "WebMoney, " + Operation(operation) + ": " + outcome switch
    {
        WebMoneyOutcome<T>.Success when operation == PosApi.CreateQrPayment => "QR выдан",
        WebMoneyOutcome<T>.Success => Status(wireStatus),
        WebMoneyOutcome<T>.Refusal r => $"отказ {r.ResultCode} — {r.Message}",
        WebMoneyOutcome<T>.TechnicalError t => "техническая ошибка: " + Kind(t.Kind),
        _ => "?",
    };
}
