using Gateway.Storage;

namespace Tests.Gateway.Storage;

/// <summary>The reservation's one rule, which both providers call inside their transaction (SPEC §10), as a table.</summary>
public sealed class RefundReservationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string?, bool, string?, decimal?, decimal, bool, string> Cases => new()
    {
        // name, payment status (null: no such payment), latePaid, transaction, amount asked, reserved, configured → result
        { "no payment", null, false, "tx", 10m, 0m, true, "PaymentNotFound" },
        { "pending", "Pending", false, "tx", 10m, 0m, true, "NotPaid:Pending" },
        { "declined", "Declined", false, "tx", 10m, 0m, true, "NotPaid:Declined" },
        { "failed but late-paid: the money arrived", "Failed", true, "tx", 10m, 0m, true, "Inserted:10.00" },
        { "paid without a transaction", "Paid", false, null, 10m, 0m, true, "NotPaid:Paid" },
        { "part of it", "Paid", false, "tx", 40m, 0m, true, "Inserted:40.00" },
        { "no amount: all that is left", "Paid", false, "tx", null, 30m, true, "Inserted:70.00" },
        { "exactly what is left", "Paid", false, "tx", 70m, 30m, true, "Inserted:70.00" },
        { "a kopeck more than is left", "Paid", false, "tx", 70.01m, 30m, true, "Exceeds:70.00" },
        { "nothing left", "Paid", false, "tx", null, 100m, true, "Exceeds:0.00" },
        { "refunds not configured, checked last", "Paid", false, "tx", 10m, 0m, false, "NotConfigured" },
        { "exceeds before not configured", "Paid", false, "tx", 200m, 0m, false, "Exceeds:100.00" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Accepts_DecidesInTheRulesOrder(string name, string? status, bool latePaid, string? transaction, decimal? asked,
        decimal reserved, bool configured, string expected)
    {
        var draft = new RefundDraft("r1", "p1", asked is { } a ? Money.FromRubles(a) : null, "Возврат", null, "hash", Now, 3, configured);
        var payment = status is null ? null : new RefundablePayment(status, latePaid, Money.FromRubles(100m), "RUB", transaction);

        var accepted = RefundReservation.Accepts(draft, payment, Money.FromRubles(reserved), out var refund, out var refusal);

        var got = accepted
            ? "Inserted:" + refund!.Amount.ToString()
            : refusal switch
            {
                ReserveResult.NotPaid n => $"NotPaid:{n.Status}",
                ReserveResult.Exceeds e => "Exceeds:" + e.Refundable.ToString(),
                { } other => other.GetType().Name,
                null => "none",
            };
        Assert.True(expected == got, $"{name}: expected {expected}, got {got}");
        if (accepted)
        {
            Assert.Equal((RefundStatus.Pending, "tx", "RUB", "p1", Now), (refund!.Status, refund.TransactionId, refund.Currency, refund.PaymentId, refund.CreatedAt));
        }
    }
}
