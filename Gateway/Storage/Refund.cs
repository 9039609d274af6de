namespace Gateway.Storage;

/// <summary>Where a refund is. <see cref="Pending"/> until WebMoney ends it; only WebMoney's word makes it <see cref="Failed"/>.</summary>
public enum RefundStatus { Pending, Succeeded, Failed }

/// <summary>Error codes on a refund; messages are Russian, fit for the cashier's screen.</summary>
public static class RefundErrorCodes
{
    /// <summary>WebMoney refused the request (result code 1–99); its message kept.</summary>
    public const string WebMoneyRejected = "webmoney_rejected";
    /// <summary>WebMoney accepted the request, then the payment system rejected the refund (status Rejected).</summary>
    public const string Declined = "declined";
    /// <summary>No well-formed answer yet (technical errors or an unknown outcome): the refund is unresolved, still checked.</summary>
    public const string WebMoneyUnavailable = "webmoney_unavailable";
}

/// <summary>One refund as the refunds table holds it.</summary>
public sealed record Refund
{
    public required string Id { get; init; }
    public required string PaymentId { get; init; }
    /// <summary>The payment's WebMoney transaction (what RefundPayment names).</summary>
    public required string TransactionId { get; init; }
    public required decimal Amount { get; init; }
    public string Currency { get; init; } = "RUB";
    public required RefundStatus Status { get; init; }
    public string? Reason { get; init; }
    /// <summary>WebMoney's id of the refund, once it answered.</summary>
    public string? RefundTransactionId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public PaymentError? Error { get; init; }
    /// <summary>Pending without a well-formed answer from WebMoney for too long: it may or may not have happened; still checked.</summary>
    public bool Unresolved { get; init; }
    public long Version { get; init; } = 1;
    /// <summary>Technical errors in a row (SPEC §4 counting, limit <see cref="MaxStatusErrors"/>).</summary>
    public int TechnicalErrors { get; init; }
    public int MaxStatusErrors { get; init; } = 3;
    /// <summary>Background checks made so far (they back off).</summary>
    public int Checks { get; init; }
    /// <summary>When the next check or re-send is due (wall clock, so it survives a restart).</summary>
    public DateTimeOffset? NextCheckAt { get; init; }

    /// <summary>
    /// A RefundPayment sent earlier may have been carried out without its answer reaching the gateway (the send timed
    /// out, was cut, got an unreadable answer, or the gateway stopped around it): a refusal of a re-send is then no
    /// definite answer.
    /// </summary>
    public bool MayHaveArrived { get; init; }

    public bool IsFinal => Status != RefundStatus.Pending;

    /// <summary>RefundPayment has not been answered yet: the next step is (re-)sending it with the same RefundId.</summary>
    public bool AwaitsSendAnswer => Status == RefundStatus.Pending && RefundTransactionId is null;
}
