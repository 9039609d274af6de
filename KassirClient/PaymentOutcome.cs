namespace KassirClient;

/// <summary>How a pay attempt ended, from the cashier's point of view.</summary>
/// <remarks>
/// Only <see cref="Paid"/> closes the receipt. <see cref="Unknown"/> is the default value on purpose: a result
/// that was never filled in must not read as paid nor as definitely failed.
/// </remarks>
public enum PaymentOutcome
{
    /// <summary>
    /// Nobody can tell yet whether the customer paid (the gateway or WebMoney did not answer in time). Do not
    /// close the receipt as paid and do not take the money again: check the payment later.
    /// </summary>
    Unknown = 0,

    /// <summary>The customer paid: close the receipt.</summary>
    Paid,

    /// <summary>The payment system refused the payment: nothing was paid.</summary>
    Declined,

    /// <summary>The customer did not pay before the deadline: nothing was paid.</summary>
    TimedOut,

    /// <summary>The payment was cancelled before the customer paid: nothing was paid.</summary>
    Cancelled,

    /// <summary>No payment was made (the gateway refused it or could not create it): nothing was paid.</summary>
    Failed,
}
