using System;
using System.Globalization;
using System.Linq;
using LocalPay.Shared;

namespace KassirClient.Internal;

/// <summary>
/// Turns what is known about a pay attempt into a <see cref="PaymentResult"/> with a Russian message for the
/// cashier. The one rule behind every choice: <see cref="PaymentOutcome.Failed"/> and the other "not paid"
/// outcomes are only given when the customer certainly cannot have paid; whenever money may have moved and
/// nobody has confirmed it, the outcome is <see cref="PaymentOutcome.Unknown"/>.
/// </summary>
internal static class Results
{
    private const string DoNotRetake = "Не принимайте оплату повторно, пока платёж не проверен.";

    /// <summary>The message of a payment WebMoney confirmed only after it had ended otherwise.</summary>
    public const string PaidLate = ResultTexts.Paid + " (оплата подтверждена с опозданием)";

    public static PaymentResult FromPayment(Payment p, string? note = null)
    {
        var result = FromStatus(p);
        return WithPayment(note is null ? result : Prefix(result, note), p);
    }

    private static PaymentResult FromStatus(Payment p)
    {
        // The money arrived after the payment had ended timed out / cancelled / failed: it is paid all the same.
        if (p.LatePaid)
        {
            return new PaymentResult(PaymentOutcome.Paid, PaidLate);
        }

        // An ending without a definite "not paid" from WebMoney: the customer may still pay (or have paid), so the
        // cashier must not take the money another way.
        if (p.Status is not (PaymentStatus.Paid or PaymentStatus.Pending or PaymentStatus.Unknown)
            && (p.Unresolved || p.Error?.Code == LocalPayErrorCodes.TechnicalErrors))
        {
            return Unconfirmed(p);
        }

        var result = p.Status switch
        {
            PaymentStatus.Paid => new PaymentResult(PaymentOutcome.Paid, ResultTexts.Paid),
            // The gateway's message is already the whole sentence («Платёж отклонён: …»): prefixing it again doubles it.
            PaymentStatus.Declined => new PaymentResult(
                PaymentOutcome.Declined,
                NonEmpty(p.Error?.Message) ?? ResultTexts.Declined + ": платёжная система отказала в оплате"),
            PaymentStatus.TimedOut => new PaymentResult(PaymentOutcome.TimedOut, ResultTexts.TimedOut),
            PaymentStatus.Cancelled => new PaymentResult(PaymentOutcome.Cancelled, ResultTexts.Cancelled),
            PaymentStatus.Failed => FromFailed(p),
            PaymentStatus.Pending => new PaymentResult(
                PaymentOutcome.Unknown,
                "Результат оплаты пока не подтверждён платёжным шлюзом (платёж " + p.Id + "). " + DoNotRetake),
            _ => new PaymentResult(
                PaymentOutcome.Unknown,
                "Платёжный шлюз сообщил неизвестное состояние платежа " + p.Id + ". " + DoNotRetake),
        };

        result.ErrorCode = p.Status switch
        {
            PaymentStatus.Paid => null,
            PaymentStatus.Pending => LocalPayErrorCodes.NotConfirmed,
            PaymentStatus.Unknown => LocalPayErrorCodes.UnexpectedResponse,
            PaymentStatus.Cancelled => p.Error?.Code ?? LocalPayErrorCodes.CancelledByCashier,
            PaymentStatus.TimedOut => p.Error?.Code ?? "timeout",
            PaymentStatus.Declined => p.Error?.Code ?? "declined",
            _ => result.ErrorCode ?? p.Error?.Code,
        };
        return result;
    }

    /// <summary>
    /// The gateway ended a payment it could not confirm (WebMoney silent, cancel not confirmed, an error answer):
    /// it keeps checking in the background and flags a late payment to the administrator; the cashier must not guess.
    /// The gateway's own message says why; the client adds the payment id and what not to do.
    /// </summary>
    private static PaymentResult Unconfirmed(Payment p)
    {
        var reason = NonEmpty(p.Error?.Message)?.Trim();
        if (reason is null)
        {
            reason = p.Error?.Code == LocalPayErrorCodes.TechnicalErrors
                ? "нет ответа от WebMoney. Если покупатель уже оплатил, платёж будет найден при проверке."
                : "WebMoney не подтвердил, что оплаты не было. Платёж ещё проверяется.";
        }
        else if (!reason.EndsWith(".", StringComparison.Ordinal))
        {
            reason += ".";
        }

        // Decided by the flags alone, never by reading the gateway's sentence: the warning always closes the
        // message, even when the gateway's own text already says something alike.
        var message = "Результат оплаты не подтверждён (платёж " + p.Id + "): " + reason + " " + DoNotRetake;

        var code = NonEmpty(p.Error?.Code) ?? p.Status switch
        {
            PaymentStatus.TimedOut => "timeout",
            PaymentStatus.Cancelled => LocalPayErrorCodes.CancelledByCashier,
            PaymentStatus.Declined => "declined",
            _ => LocalPayErrorCodes.NotConfirmed,
        };
        return new PaymentResult(PaymentOutcome.Unknown, message) { ErrorCode = code };
    }

    private static PaymentResult FromFailed(Payment p)
    {
        return new PaymentResult(
            PaymentOutcome.Failed,
            ResultTexts.Failed + ": " + (NonEmpty(p.Error?.Message) ?? "ошибка платёжного шлюза"))
        { ErrorCode = p.Error?.Code };
    }

    /// <summary>The gateway answered a create with a problem: it did not make a payment.</summary>
    public static PaymentResult CreateRefused(GatewayAnswer answer, PayRequest request)
    {
        var problem = answer.Problem;
        var detail = NonEmpty(problem?.Detail) ?? NonEmpty(problem?.Title);
        var code = NonEmpty(problem?.Code);
        var message = code switch
        {
            "payment_type_not_configured" => "Вид оплаты с кодом " + request.PaymentTypeCode.ToString(CultureInfo.InvariantCulture)
                + " не настроен в платёжном шлюзе",
            "terminal_busy" => "На этой кассе уже идёт другая оплата по QR-коду"
                + (problem?.PaymentId is { } busy ? " (платёж " + busy + ")" : "")
                + ". Дождитесь её завершения или отмените её",
            "not_configured" => ResultTexts.NotConfigured + (detail is null ? "" : ": " + detail),
            // The gateway's detail is the whole sentence for the cashier (it starts with the same phrase).
            "webmoney_rejected" => detail ?? ResultTexts.QrRejected,
            "webmoney_unavailable" => "Нет связи с WebMoney, QR-код не получен",
            "unauthorized" => "Платёжный шлюз не принял ключ API кассы. Проверьте настройки подключения",
            "validation_failed" or "malformed_json" => "Платёжный шлюз не принял данные оплаты" + ValidationDetail(problem, detail),
            _ => "Платёжный шлюз вернул ошибку " + answer.StatusCode?.ToString(CultureInfo.InvariantCulture)
                + (code is null ? "" : " (" + code + ")") + (detail is null ? "" : ": " + detail),
        };

        return new PaymentResult(PaymentOutcome.Failed, message.TrimEnd('.') + ". Оплата не создана.")
        {
            ErrorCode = code ?? "http_" + answer.StatusCode?.ToString(CultureInfo.InvariantCulture),
            Amount = request.Amount,

            // terminal_busy names the payment that holds the terminal: the POS can wait for it or cancel it.
            PaymentId = NonEmpty(problem?.PaymentId),
        };
    }

    /// <summary>
    /// An earlier create attempt may have got through (its answer was lost), and a later one was refused: the
    /// refusal does not tell whether the first made a payment, so only a check can.
    /// </summary>
    public static PaymentResult CreateUncertain(GatewayAnswer answer, PayRequest request)
    {
        var refused = CreateRefused(answer, request);
        return new PaymentResult(
            PaymentOutcome.Unknown,
            "Результат оплаты неизвестен: ответ платёжного шлюза на создание оплаты потерян, а повторный запрос отклонён ("
            + refused.ErrorCode + "). Проверьте оплату позже, не закрывайте чек повторной оплатой.")
        { ErrorCode = refused.ErrorCode, Amount = request.Amount, PaymentId = answer.Problem?.PaymentId };
    }

    /// <summary>Every create attempt failed before reaching the gateway: nothing was created.</summary>
    public static PaymentResult GatewayDown(PayRequest request) =>
        new(
            PaymentOutcome.Failed,
            "Платёжный шлюз недоступен: оплата не создана. Проверьте, что служба LocalPayGateway запущена, и повторите оплату.")
        { ErrorCode = LocalPayErrorCodes.GatewayUnreachable, Amount = request.Amount };

    /// <summary>The gateway went silent while a payment may exist: only a later check can tell.</summary>
    public static PaymentResult Unreachable(decimal amount, Payment? last, string? paymentId = null)
    {
        var id = last?.Id ?? paymentId;
        var result = new PaymentResult(
            PaymentOutcome.Unknown,
            "Результат оплаты неизвестен: нет связи с платёжным шлюзом"
            + (id is null ? "" : " (платёж " + id + ")")
            + ". Проверьте оплату позже, не закрывайте чек повторной оплатой.")
        {
            ErrorCode = LocalPayErrorCodes.GatewayUnreachable,
            Amount = amount,
            PaymentId = id,
        };
        return last is null ? result : WithPayment(result, last);
    }

    public static PaymentResult NotFound(decimal amount, string paymentId) =>
        new(
            PaymentOutcome.Unknown,
            "Платёжный шлюз не знает платёж " + paymentId + ": результат оплаты неизвестен. " + DoNotRetake)
        { ErrorCode = LocalPayErrorCodes.PaymentNotFound, Amount = amount, PaymentId = paymentId };

    public static PaymentResult Refused(decimal amount, Payment? last, string paymentId, GatewayAnswer answer)
    {
        var result = new PaymentResult(
            PaymentOutcome.Unknown,
            "Платёжный шлюз не ответил о платеже " + paymentId + " (ошибка "
            + answer.StatusCode?.ToString(CultureInfo.InvariantCulture) + "): результат оплаты неизвестен. " + DoNotRetake)
        { ErrorCode = answer.ProblemCode ?? LocalPayErrorCodes.UnexpectedResponse, Amount = amount, PaymentId = paymentId };
        return last is null ? result : WithPayment(result, last);
    }

    public static PaymentResult CancelledBeforeCreate(PayRequest request) =>
        new(PaymentOutcome.Cancelled, ResultTexts.Cancelled)
        { ErrorCode = LocalPayErrorCodes.CancelledByCashier, Amount = request.Amount };

    public static PaymentResult Prefix(PaymentResult r, string note) => WithMessage(r, note + " " + r.Message);

    public static PaymentResult WithMessage(PaymentResult r, string message) =>
        new(r.Outcome, message)
        {
            ErrorCode = r.ErrorCode,
            PaymentId = r.PaymentId,
            TransactionId = r.TransactionId,
            PaymentSystem = r.PaymentSystem,
            Amount = r.Amount,
            Payment = r.Payment,
        };

    private static PaymentResult WithPayment(PaymentResult r, Payment p)
    {
        r.PaymentId = p.Id;
        r.TransactionId = p.TransactionId;
        r.PaymentSystem = p.PaymentSystem;
        r.Amount = p.Amount;
        r.Payment = p;
        return r;
    }

    private static string ValidationDetail(ProblemWire? problem, string? detail)
    {
        var errors = problem?.Errors?.SelectMany(e => e.Value).Where(m => !string.IsNullOrEmpty(m)).ToList();
        if (errors is { Count: > 0 })
        {
            return ": " + string.Join("; ", errors);
        }

        return detail is null ? "" : ": " + detail;
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
