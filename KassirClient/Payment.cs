using System;

namespace KassirClient;

/// <summary>A payment as the gateway reports it (<c>GET /payments/{id}</c>).</summary>
public sealed class Payment
{
    internal Payment()
    {
    }

    /// <summary>The gateway's payment id.</summary>
    public string Id { get; internal set; } = "";

    /// <summary>The payment's status.</summary>
    public PaymentStatus Status { get; internal set; }

    /// <summary>Whether the status is final (anything but <see cref="PaymentStatus.Pending"/>).</summary>
    public bool IsFinal => Status != PaymentStatus.Pending;

    /// <summary>The POS terminal the payment belongs to.</summary>
    public string? TerminalId { get; internal set; }

    /// <summary>The receipt number given when the payment was created.</summary>
    public string? ReceiptId { get; internal set; }

    /// <summary>The description given when the payment was created.</summary>
    public string? Description { get; internal set; }

    /// <summary>The amount.</summary>
    public decimal Amount { get; internal set; }

    /// <summary>The currency, <c>RUB</c>.</summary>
    public string Currency { get; internal set; } = "RUB";

    /// <summary>The payment system; <see langword="null"/> when the gateway named one this client does not know.</summary>
    public PaymentSystem? PaymentSystem { get; internal set; }

    /// <summary>The Кассир payment-type Code.</summary>
    public int? PaymentTypeCode { get; internal set; }

    /// <summary>WebMoney's transaction id, once known.</summary>
    public string? TransactionId { get; internal set; }

    /// <summary>The QR code, once issued.</summary>
    public PaymentQr? Qr { get; internal set; }

    /// <summary>When the gateway created the payment.</summary>
    public DateTimeOffset? CreatedAt { get; internal set; }

    /// <summary>When the gateway stops waiting for the customer.</summary>
    public DateTimeOffset? Deadline { get; internal set; }

    /// <summary>When the payment reached its final status.</summary>
    public DateTimeOffset? CompletedAt { get; internal set; }

    /// <summary>Why the payment did not end paid; <see langword="null"/> otherwise.</summary>
    public PaymentError? Error { get; internal set; }

    /// <summary>Whether the gateway runs in sandbox mode (no real money moves).</summary>
    public bool Sandbox { get; internal set; }

    /// <summary>WebMoney reported the payment paid after it had ended otherwise; the administrator sees it.</summary>
    public bool LatePaid { get; internal set; }

    /// <summary>
    /// The payment ended (timed out, cancelled, failed, declined) without a definite "not paid" from WebMoney and the
    /// gateway is still checking it in the background: the customer may yet have paid.
    /// </summary>
    public bool Unresolved { get; internal set; }
}
