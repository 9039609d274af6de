using System.Diagnostics.CodeAnalysis;

namespace Gateway.Refunds;

/// <summary>The input rules of <c>POST /payments/{id}/refunds</c> (SPEC §10); every broken field is reported.</summary>
public static class RefundRequestValidator
{
    public const int MaxReasonLength = 128;

    /// <summary>Checks <paramref name="request"/> and, when it holds, gives it back typed for <see cref="RefundService"/>.</summary>
    public static bool TryValidate(CreateRefundRequest request, [NotNullWhen(true)] out ValidRefundRequest? valid,
        out Dictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>();
        Money? amount = null;
        if (request.Amount is { } asked)
        {
            if (asked <= 0)
            {
                errors["amount"] = ["Must be greater than 0."];
            }
            else if (Money.TryFromRubles(asked, out var money, out var refusal))
            {
                amount = money;
            }
            else if (refusal == MoneyRefusal.FractionOfKopeck)
            {
                errors["amount"] = ["At most 2 decimals."];
            }
            else
            {
                // Beyond what Money holds exceeds every payment: the journal answers refund_exceeds_payment, as for any excess.
                amount = Money.MaxValue;
            }
        }
        if (request.Reason is { Length: > MaxReasonLength })
        {
            errors["reason"] = [$"At most {MaxReasonLength} characters."];
        }
        valid = errors.Count > 0 ? null : new ValidRefundRequest(amount, request.Reason);
        return valid is not null;
    }
}

/// <summary>A refund body that passed <see cref="RefundRequestValidator"/>.</summary>
/// <param name="Amount">Rubles, &gt; 0, whole kopecks; null: whatever is still refundable (the journal decides, atomically).</param>
/// <param name="Reason">≤ 128 characters.</param>
public sealed record ValidRefundRequest(Money? Amount, string? Reason);
