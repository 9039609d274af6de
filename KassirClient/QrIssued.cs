using System;

namespace KassirClient;

/// <summary>
/// The QR code of a payment the gateway has just created, handed to the POS before the client waits for the
/// customer, so it can be printed on the receipt tape by the fiscal printer.
/// </summary>
public sealed class QrIssued
{
    internal QrIssued(string paymentId, string payload, DateTimeOffset deadline)
    {
        PaymentId = paymentId;
        Payload = payload;
        Deadline = deadline;
    }

    /// <summary>The gateway's payment id.</summary>
    public string PaymentId { get; }

    /// <summary>The text to encode in the QR code (a URL of the payment system).</summary>
    public string Payload { get; }

    /// <summary>When the gateway stops waiting for the customer to pay.</summary>
    public DateTimeOffset Deadline { get; }
}
