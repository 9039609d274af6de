using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Gateway.Payments;

/// <summary>The input rules of <c>POST /payments</c> (SPEC §3); every broken field is reported, not just the first.</summary>
public static partial class PaymentRequestValidator
{
    [GeneratedRegex(LocalPay.Shared.TerminalIdRule.Pattern)]
    public static partial Regex TerminalIdPattern();

    /// <summary>
    /// Checks <paramref name="request"/> and, when it holds, gives it back typed: the amount, which payment type was
    /// asked for (a Кассир Code or a system, exactly one) and the terminal with its default applied. Only the
    /// mapping to WebMoney is left to the service, which needs the current settings for it.
    /// </summary>
    public static bool TryValidate(CreatePaymentRequest request, GatewayOptions options,
        [NotNullWhen(true)] out ValidPaymentRequest? valid, out Dictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>();
        var amount = Money.Zero;
        switch (request.Amount)
        {
            case null:
                errors["amount"] = ["Required: the amount in rubles, e.g. 1234.50."];
                break;
            case <= 0:
                errors["amount"] = ["Must be greater than 0."];
                break;
            case { } a when !Money.TryFromRubles(a, out amount, out var refusal) && refusal == MoneyRefusal.FractionOfKopeck:
                errors["amount"] = ["At most 2 decimal places (kopecks)."];
                break;
            // Beyond what Money holds is beyond Gateway:MaxAmount too (at most 100 000 000).
            case var a when a > options.MaxAmount:
                errors["amount"] = [$"Must not exceed {options.MaxAmount:0.##} (Gateway:MaxAmount)."];
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

        valid = errors.Count > 0 ? null : new ValidPaymentRequest(
            amount,
            request.PaymentSystem is { } chosen ? new PaymentTypeChoice.BySystem(chosen) : new PaymentTypeChoice.ByCode(request.PaymentTypeCode!.Value),
            request.TerminalId ?? options.DefaultTerminalId,
            request.ReceiptId,
            request.Description);
        return valid is not null;
    }
}

/// <summary>A <c>POST /payments</c> body that passed <see cref="PaymentRequestValidator"/>; what <see cref="PaymentService"/> takes.</summary>
/// <param name="Amount">Rubles, &gt; 0, whole kopecks, within Gateway:MaxAmount.</param>
/// <param name="Type">What the POS asked for: a Кассир Code or a payment system.</param>
/// <param name="TerminalId">The request's terminal, or Gateway:DefaultTerminalId.</param>
/// <param name="ReceiptId">The POS receipt, ≤ 64 characters.</param>
/// <param name="Description">≤ 128 characters.</param>
public sealed record ValidPaymentRequest(Money Amount, PaymentTypeChoice Type, string TerminalId, string? ReceiptId, string? Description);

/// <summary>Exactly one of a Кассир payment-type Code (mapped through WebMoneyPaymentTypes.txt) or the payment system itself.</summary>
public abstract record PaymentTypeChoice
{
    private PaymentTypeChoice() { }

    public sealed record ByCode(int Code) : PaymentTypeChoice;

    public sealed record BySystem(PaymentSystem System) : PaymentTypeChoice;
}
