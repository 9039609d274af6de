using System.Globalization;
using LocalPay.Shared;

namespace KassirClient.Internal;

/// <summary>
/// Turns what is known about a refund into a <see cref="RefundResult"/> with a Russian message, from codes and
/// flags only (<c>status</c>, <c>error.code</c>, <c>unresolved</c>, the problem's <c>code</c>), never from text.
/// </summary>
internal static class RefundResults
{
    private const string DoNotRepeat = "Не возвращайте деньги другим способом, пока возврат не проверен.";

    public static RefundResult FromRefund(string paymentId, RefundWire r)
    {
        RefundResult result;
        if (r.IsSucceeded)
        {
            result = new RefundResult(RefundOutcome.Succeeded, "Возврат выполнен");
        }
        else if (r.IsFailed && r.Unresolved != true)
        {
            result = new RefundResult(RefundOutcome.Failed, "Возврат не выполнен: " + (NonEmpty(r.Error?.Message) ?? ResultTexts.RefundRejected) + Dot(r.Error?.Message))
            {
                ErrorCode = NonEmpty(r.Error?.Code) ?? "refund_failed",
            };
        }
        else
        {
            // Pending past the client's bound, failed but unresolved, or a status this client does not know.
            var reason = NonEmpty(r.Error?.Message);
            result = new RefundResult(
                RefundOutcome.Unknown,
                "Результат возврата не подтверждён (возврат " + r.Id + ")" + (reason is null ? "." : ": " + reason + Dot(reason)) + " " + DoNotRepeat)
            {
                ErrorCode = NonEmpty(r.Error?.Code) ?? LocalPayErrorCodes.NotConfirmed,
            };
        }

        return With(result, paymentId, r.Amount, r);
    }

    /// <summary>The gateway answered the create with a problem and nothing earlier may have got through.</summary>
    public static RefundResult Refused(string paymentId, decimal? amount, GatewayAnswer answer)
    {
        var problem = answer.Problem;
        var code = NonEmpty(problem?.Code);
        var detail = NonEmpty(problem?.Detail) ?? NonEmpty(problem?.Title);
        if (code == "webmoney_unavailable")
        {
            // WebMoney may have received the refund without answering: never "not refunded".
            return new RefundResult(
                RefundOutcome.Unknown,
                "Нет ответа от WebMoney: результат возврата неизвестен. " + DoNotRepeat)
            { ErrorCode = code, PaymentId = paymentId, Amount = amount };
        }

        var message = code switch
        {
            "payment_not_found" => "Платёж " + paymentId + " не найден в платёжном шлюзе",
            "payment_not_paid" => "Платёж " + paymentId + " не оплачен: возвращать нечего",
            "refund_exceeds_payment" => "Сумма возврата больше, чем осталось по платежу"
                + (problem?.RefundableAmount is { } left ? " (можно вернуть не более " + Money(left) + " ₽)" : ""),
            "validation_failed" or "malformed_json" => "Платёжный шлюз не принял данные возврата" + (detail is null ? "" : ": " + detail),
            // The gateway's detail is the whole sentence for the cashier (it starts with the same phrase).
            "webmoney_rejected" => detail ?? ResultTexts.RefundRejected,
            "not_configured" => ResultTexts.NotConfigured + (detail is null ? "" : ": " + detail),
            "unauthorized" => "Платёжный шлюз не принял ключ API кассы. Проверьте настройки подключения",
            _ => "Платёжный шлюз вернул ошибку " + answer.StatusCode?.ToString(CultureInfo.InvariantCulture)
                + (code is null ? "" : " (" + code + ")") + (detail is null ? "" : ": " + detail),
        };
        return new RefundResult(RefundOutcome.Failed, message.TrimEnd('.') + ". Возврат не выполнен.")
        {
            ErrorCode = code ?? "http_" + answer.StatusCode?.ToString(CultureInfo.InvariantCulture),
            PaymentId = paymentId,
            Amount = amount,
            RefundableAmount = problem?.RefundableAmount,
        };
    }

    /// <summary>An earlier attempt may have got through (its answer lost) and a later one was refused.</summary>
    public static RefundResult Uncertain(string paymentId, decimal? amount, GatewayAnswer answer)
    {
        var refused = Refused(paymentId, amount, answer);
        return new RefundResult(
            RefundOutcome.Unknown,
            "Результат возврата неизвестен: ответ платёжного шлюза потерян, а повторный запрос отклонён ("
            + refused.ErrorCode + "). " + DoNotRepeat)
        { ErrorCode = refused.ErrorCode, PaymentId = paymentId, Amount = amount };
    }

    /// <summary>Every attempt was refused at connect: nothing reached the gateway.</summary>
    public static RefundResult GatewayDown(string paymentId, decimal? amount) =>
        new(RefundOutcome.Failed, "Платёжный шлюз недоступен: возврат не выполнен. Проверьте, что служба LocalPayGateway запущена, и повторите возврат.")
        { ErrorCode = LocalPayErrorCodes.GatewayUnreachable, PaymentId = paymentId, Amount = amount };

    public static RefundResult NotSent(string paymentId, decimal? amount) =>
        new(RefundOutcome.Failed, "Возврат отменён: запрос не отправлен.")
        { ErrorCode = LocalPayErrorCodes.CancelledByCashier, PaymentId = paymentId, Amount = amount };

    /// <summary>The gateway went silent while the refund may exist.</summary>
    public static RefundResult Unreachable(string paymentId, decimal? amount, RefundWire? last)
    {
        var result = new RefundResult(
            RefundOutcome.Unknown,
            "Результат возврата неизвестен: нет связи с платёжным шлюзом" + (last?.Id is { } id ? " (возврат " + id + ")" : "") + ". " + DoNotRepeat)
        { ErrorCode = LocalPayErrorCodes.GatewayUnreachable };
        return With(result, paymentId, last?.Amount ?? amount, last);
    }

    /// <summary>The gateway refused a status read of a refund it had created (e.g. 404 after a lost journal).</summary>
    public static RefundResult LostTrack(string paymentId, RefundWire last, GatewayAnswer answer)
    {
        var result = new RefundResult(
            RefundOutcome.Unknown,
            "Платёжный шлюз не ответил о возврате " + last.Id + " (ошибка " + answer.StatusCode?.ToString(CultureInfo.InvariantCulture)
            + "): результат возврата неизвестен. " + DoNotRepeat)
        { ErrorCode = answer.ProblemCode ?? LocalPayErrorCodes.UnexpectedResponse };
        return With(result, paymentId, last.Amount, last);
    }

    private static RefundResult With(RefundResult r, string paymentId, decimal? amount, RefundWire? refund)
    {
        r.PaymentId = paymentId;
        r.Amount = amount;
        r.RefundId = refund?.Id;
        r.RefundTransactionId = refund?.RefundTransactionId;
        return r;
    }

    // A Russian message writes rubles with a decimal comma, as the cashier reads them on the receipt: 40,25.
    private static string Money(decimal value) => global::KassirClient.Internal.Money.FormatRubles(value).Replace('.', ',');

    private static string Dot(string? sentence) => sentence is { Length: > 0 } s && s[s.Length - 1] == '.' ? "" : ".";

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
