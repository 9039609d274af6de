namespace KassirClient;

/// <summary>How a refund attempt ended: what the cashier's screen shows and what the return receipt needs.</summary>
public sealed class RefundResult
{
    internal RefundResult(RefundOutcome outcome, string message)
    {
        Outcome = outcome;
        Message = message;
    }

    /// <summary>How the refund ended. Only <see cref="RefundOutcome.Succeeded"/> means the money went back.</summary>
    public RefundOutcome Outcome { get; }

    /// <summary>Whether the money went back (<see cref="Outcome"/> is <see cref="RefundOutcome.Succeeded"/>).</summary>
    public bool IsSucceeded => Outcome == RefundOutcome.Succeeded;

    /// <summary>A message in Russian for the cashier's screen, e.g. «Возврат выполнен».</summary>
    public string Message { get; }

    /// <summary>
    /// A machine-readable reason when not succeeded: the gateway's error or problem code (e.g.
    /// <c>payment_not_paid</c>, <c>refund_exceeds_payment</c>, <c>webmoney_rejected</c>) or one of
    /// <see cref="LocalPayErrorCodes"/>; <see langword="null"/> when succeeded.
    /// </summary>
    public string? ErrorCode { get; internal set; }

    /// <summary>The payment refunded.</summary>
    public string PaymentId { get; internal set; } = "";

    /// <summary>The gateway's refund id; <see langword="null"/> when no refund is known to exist.</summary>
    public string? RefundId { get; internal set; }

    /// <summary>The refund's amount (the requested one, or <see langword="null"/> for "the rest", when none is known).</summary>
    public decimal? Amount { get; internal set; }

    /// <summary>WebMoney's id of the refund, once known.</summary>
    public string? RefundTransactionId { get; internal set; }

    /// <summary>What may still be refunded, when the gateway said so (<c>refund_exceeds_payment</c>).</summary>
    public decimal? RefundableAmount { get; internal set; }
}
