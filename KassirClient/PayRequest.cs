namespace KassirClient;

/// <summary>What the cashier asks to be paid by QR code.</summary>
public sealed class PayRequest
{
    /// <summary>The amount in roubles: greater than 0, at most 2 decimals.</summary>
    public decimal Amount { get; set; }

    /// <summary>
    /// The Кассир payment-type Code of the chosen payment system (СБП, WebMoney, WeChat Pay or Alipay), as mapped
    /// in the gateway's WebMoneyPaymentTypes.txt. Greater than 0.
    /// </summary>
    public int PaymentTypeCode { get; set; }

    /// <summary>The receipt number, for the journal and the administrator (at most 64 characters). Optional.</summary>
    public string? ReceiptId { get; set; }

    /// <summary>A description sent to WebMoney (at most 128 characters). Optional.</summary>
    public string? Description { get; set; }
}
