using System.Text.RegularExpressions;

namespace Gateway.Payments;

/// <summary>The input rules of <c>POST /payments</c> (SPEC §3); every broken field is reported, not just the first.</summary>
public static partial class PaymentRequestValidator
{
    [GeneratedRegex(LocalPay.Shared.TerminalIdRule.Pattern)]
    public static partial Regex TerminalIdPattern();

    public static Dictionary<string, string[]> Validate(CreatePaymentRequest request, decimal maxAmount)
    {
        var errors = new Dictionary<string, string[]>();
        switch (request.Amount)
        {
            case null:
                errors["amount"] = ["Required: the amount in rubles, e.g. 1234.50."];
                break;
            case <= 0:
                errors["amount"] = ["Must be greater than 0."];
                break;
            case var a when decimal.Round(a.Value, 2) != a.Value:
                errors["amount"] = ["At most 2 decimal places (kopecks)."];
                break;
            case var a when a > maxAmount:
                errors["amount"] = [$"Must not exceed {maxAmount:0.##} (Gateway:MaxAmount)."];
                break;
        }
        if (request.PaymentTypeCode is null == request.PaymentSystem is null)
        {
            errors["paymentTypeCode"] = ["Give exactly one of paymentTypeCode (the Кассир payment-type Code) or paymentSystem (sbp, webMoney, weChat, alipay)."];
        }
        else if (request.PaymentTypeCode is <= 0)
        {
            errors["paymentTypeCode"] = ["Must be a positive Кассир payment-type Code."];
        }
        if (request.PaymentSystem is { } system && !Enum.IsDefined(system))
        {
            errors["paymentSystem"] = ["One of sbp, webMoney, weChat, alipay."];
        }
        if (request.TerminalId is not null && !TerminalIdPattern().IsMatch(request.TerminalId))
        {
            errors["terminalId"] = ["1–32 characters: latin letters, digits, '_' or '-'."];
        }
        if (request.ReceiptId is { Length: > 64 })
        {
            errors["receiptId"] = ["At most 64 characters."];
        }
        if (request.Description is { Length: > 128 })
        {
            errors["description"] = ["At most 128 characters."];
        }
        return errors;
    }
}
