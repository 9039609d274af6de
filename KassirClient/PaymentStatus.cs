namespace KassirClient;

/// <summary>A payment's status at the gateway. All but <see cref="Pending"/> are final.</summary>
public enum PaymentStatus
{
    /// <summary>A status this version of the client does not know.</summary>
    Unknown = 0,

    /// <summary>The QR code is issued; the customer has not paid yet.</summary>
    Pending,

    /// <summary>Paid.</summary>
    Paid,

    /// <summary>WebMoney refused the payment.</summary>
    Declined,

    /// <summary>The deadline passed before the customer paid.</summary>
    TimedOut,

    /// <summary>Cancelled by the cashier.</summary>
    Cancelled,

    /// <summary>Ended with an error (see <see cref="Payment.Error"/>).</summary>
    Failed,
}
