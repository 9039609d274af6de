using WebMoneyContract;

namespace WebMoneyEmulator.Transactions;

/// <summary>One QR transaction as the emulator holds it (a snapshot: the book replaces it on every change).</summary>
/// <param name="Status">The wire status (<see cref="WireStatus"/>).</param>
public sealed record EmulatorTransaction(
    string TransactionId,
    string ExternalId,
    string PaymentSystem,
    Money Amount,
    string Currency,
    string? Description,
    string Status,
    string? StatusMessage,
    string QrPayload,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? PaidAt)
{
    /// <summary>The PosNumber the transaction was created under (SPEC §15); only that POS may ask about it.</summary>
    public string PosNumber { get; init; } = "";

    /// <summary>How many GetPaymentStatus calls were answered for it (a poll-rate probe for tests and benchmarks).</summary>
    public int StatusQueries { get; init; }

    /// <summary>Paid, Rejected, Expired or Cancelled: nothing changes it any more.</summary>
    public bool IsFinal => Status is not (WireStatus.Created or WireStatus.WaitingForPayment);

    // Not serialized (internal): whether a status query has already seen it as Created.
    internal bool StatusQueried { get; init; }
}
