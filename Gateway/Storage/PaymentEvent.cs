namespace Gateway.Storage;

/// <summary>Kinds of history event (the <c>kind</c> of GET /payments/{id}/events).</summary>
public static class PaymentEventKinds
{
    public const string Created = "created";
    public const string QrIssued = "qrIssued";
    public const string WebMoneyCall = "webMoneyCall";
    public const string CancelRequested = "cancelRequested";
    public const string Final = "final";
    public const string LatePaid = "latePaid";
    public const string Resolved = "resolved";
    public const string RecheckRequested = "recheckRequested";

    /// <summary>The <see cref="PaymentEvent.Outcome"/> of a <see cref="Final"/> event that ended unresolved (a later <see cref="Resolved"/> then counts).</summary>
    public const string UnresolvedOutcome = "unresolved";

    /// <summary>Kinds a payment has at most once: written again after a restart, they are dropped.</summary>
    public static bool IsOnce(string kind) => kind is Created or QrIssued or Final or LatePaid or Resolved;
}

/// <summary>One event of a payment's history, as queued by the recorders (before it has a sequence number).</summary>
/// <param name="PaymentId">The payment; null when only <paramref name="TransactionId"/> is known (a status or cancel call).</param>
/// <param name="TransactionId">WebMoney's id, used to find the payment when <paramref name="PaymentId"/> is null.</param>
/// <param name="At">When it happened (the end of a call).</param>
/// <param name="Kind">One of <see cref="PaymentEventKinds"/>.</param>
/// <param name="Text">What happened, in Russian, for the administrator.</param>
/// <param name="Operation">The WebMoney operation of a call event.</param>
/// <param name="Outcome">success, refusal or technicalError (call events).</param>
/// <param name="WireStatus">WebMoney's status in a status or cancel answer.</param>
/// <param name="ResultCode">The result code of a refusal.</param>
/// <param name="Detail">WebMoney's message or the technical error's description (never a secret).</param>
/// <param name="DurationMs">How long the call took.</param>
public sealed record PaymentEvent(
    string? PaymentId,
    string? TransactionId,
    DateTimeOffset At,
    string Kind,
    string Text,
    string? Operation = null,
    string? Outcome = null,
    string? WireStatus = null,
    int? ResultCode = null,
    string? Detail = null,
    long? DurationMs = null)
{
    /// <summary>Consecutive events with the same key collapse into one (count + last time): a 3-minute wait is one row.</summary>
    public string CollapseKey => Kind == PaymentEventKinds.WebMoneyCall
        ? string.Join('|', Kind, Operation, Outcome, WireStatus, ResultCode, Detail)
        : PaymentEventKinds.IsOnce(Kind) ? Kind : Kind + "|" + At.UtcTicks;
}

/// <summary>One event as GET /payments/{id}/events answers it.</summary>
/// <param name="Seq">Order within the payment, from 1.</param>
/// <param name="At">When it (first) happened.</param>
/// <param name="LastAt">When it last happened, for a collapsed run (<paramref name="Count"/> &gt; 1), else null.</param>
/// <param name="Count">How many identical consecutive events this row stands for.</param>
/// <param name="Kind">created, qrIssued, webMoneyCall, cancelRequested, final, latePaid, resolved, recheckRequested.</param>
/// <param name="Text">What happened, in Russian.</param>
/// <param name="Operation">CreateQrPayment, GetPaymentStatus or CancelPayment (call events).</param>
/// <param name="Outcome">success, refusal or technicalError (call events).</param>
/// <param name="WireStatus">WebMoney's status in the answer.</param>
/// <param name="ResultCode">The refusal's result code.</param>
/// <param name="Detail">WebMoney's message, or what went wrong.</param>
/// <param name="DurationMs">How long the call took.</param>
public sealed record PaymentEventResponse(
    int Seq, DateTimeOffset At, DateTimeOffset? LastAt, int Count, string Kind, string Text,
    string? Operation, string? Outcome, string? WireStatus, int? ResultCode, string? Detail, long? DurationMs);

/// <param name="PaymentId">The payment.</param>
/// <param name="Items">Oldest first.</param>
public sealed record PaymentEventsResponse(string PaymentId, IReadOnlyList<PaymentEventResponse> Items);
