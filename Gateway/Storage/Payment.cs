namespace Gateway.Storage;

/// <summary>Where a payment is in its lifecycle. All but <see cref="Pending"/> are final.</summary>
public enum PaymentStatus { Pending, Paid, Declined, TimedOut, Cancelled, Failed }

/// <summary>Why a payment did not end paid; <see cref="Message"/> is Russian, fit for the cashier's screen.</summary>
public sealed record PaymentError(string Code, string Message);

/// <summary>Error codes on a payment (SPEC §3).</summary>
public static class PaymentErrorCodes
{
    public const string Declined = "declined";
    public const string Timeout = "timeout";
    public const string TechnicalErrors = "technical_errors";
    public const string CancelledByCashier = "cancelled_by_cashier";
    public const string WebMoneyRejected = "webmoney_rejected";
    public const string WebMoneyUnavailable = "webmoney_unavailable";
}

/// <summary>One payment as the journal holds it: the single source of truth for every announcement.</summary>
public sealed record Payment
{
    public required string Id { get; init; }
    public required PaymentStatus Status { get; init; }
    public required string TerminalId { get; init; }
    public string? ReceiptId { get; init; }
    public string? Description { get; init; }
    public required decimal Amount { get; init; }
    public string Currency { get; init; } = "RUB";
    public required PaymentSystem PaymentSystem { get; init; }
    public int? PaymentTypeCode { get; init; }
    /// <summary>WebMoney's transaction id, once known.</summary>
    public string? TransactionId { get; init; }
    public string? QrPayload { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset Deadline { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public PaymentError? Error { get; init; }
    public bool Sandbox { get; init; }
    /// <summary>WebMoney reported it paid after the payment had ended otherwise.</summary>
    public bool LatePaid { get; init; }
    /// <summary>Ended without a definite "not paid" from WebMoney: still checked in the background, so the money may yet arrive.</summary>
    public bool Unresolved { get; init; }
    /// <summary>
    /// The PosNumber the payment went out under (its terminal's identity at create, SPEC §15): every later call about
    /// it — polls, cancel, refunds — uses that identity. Null for payments journalled before it was recorded (the store's).
    /// </summary>
    public string? PosNumber { get; init; }
    /// <summary>Increments on every committed change; lets observers order and de-duplicate.</summary>
    public long Version { get; init; }

    public bool IsFinal => Status != PaymentStatus.Pending;
}
