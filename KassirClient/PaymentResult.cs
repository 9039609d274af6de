namespace KassirClient;

/// <summary>How a pay attempt ended: what the cashier's screen shows and what the receipt needs.</summary>
public sealed class PaymentResult
{
    internal PaymentResult(PaymentOutcome outcome, string message)
    {
        Outcome = outcome;
        Message = message;
    }

    /// <summary>How the attempt ended. Only <see cref="PaymentOutcome.Paid"/> closes the receipt.</summary>
    public PaymentOutcome Outcome { get; }

    /// <summary>Whether the customer paid (<see cref="Outcome"/> is <see cref="PaymentOutcome.Paid"/>).</summary>
    public bool IsPaid => Outcome == PaymentOutcome.Paid;

    /// <summary>A message in Russian for the cashier's screen, e.g. «Оплачено».</summary>
    public string Message { get; }

    /// <summary>
    /// A machine-readable reason when not paid: the gateway's error or problem code (e.g. <c>declined</c>,
    /// <c>timeout</c>, <c>technical_errors</c>, <c>terminal_busy</c>, <c>payment_type_not_configured</c>) or one of
    /// <see cref="LocalPayErrorCodes"/>; <see langword="null"/> when paid.
    /// </summary>
    public string? ErrorCode { get; internal set; }

    /// <summary>
    /// The gateway's payment id; <see langword="null"/> when no payment is known to exist. For a create refused with
    /// <c>terminal_busy</c>, the id of the pending payment that holds the terminal (to wait for or cancel).
    /// </summary>
    public string? PaymentId { get; internal set; }

    /// <summary>WebMoney's transaction id, once known.</summary>
    public string? TransactionId { get; internal set; }

    /// <summary>The payment system, once known.</summary>
    public PaymentSystem? PaymentSystem { get; internal set; }

    /// <summary>The amount of the payment (the requested amount when no payment is known).</summary>
    public decimal Amount { get; internal set; }

    /// <summary>The payment as last seen at the gateway; <see langword="null"/> when none is known.</summary>
    public Payment? Payment { get; internal set; }
}
