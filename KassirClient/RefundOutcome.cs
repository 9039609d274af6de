namespace KassirClient;

/// <summary>How a refund ended, from the cashier's point of view.</summary>
/// <remarks>
/// <see cref="Unknown"/> is the default value on purpose, as for <see cref="PaymentOutcome"/>: a result never
/// filled in must not read as "refunded" nor as "nothing refunded".
/// </remarks>
public enum RefundOutcome
{
    /// <summary>
    /// Nobody can tell yet whether the money went back (the gateway or WebMoney did not answer in time). Do not
    /// give the money back another way: check the refund later.
    /// </summary>
    Unknown = 0,

    /// <summary>WebMoney returned the money to the customer.</summary>
    Succeeded,

    /// <summary>Nothing was refunded (refused by the gateway or by WebMoney).</summary>
    Failed,
}
