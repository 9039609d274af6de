using System.Runtime.Serialization;

namespace WebMoneyContract;

[DataContract(Namespace = PosApi.Namespace)]
public sealed class RefundPaymentRequest : PosRequest
{
    /// <summary>The paid transaction to refund.</summary>
    [DataMember(Order = 10)] public string TransactionId { get; set; } = "";
    /// <summary>The gateway's refund id; RefundPayment is idempotent on it.</summary>
    [DataMember(Order = 11)] public string RefundId { get; set; } = "";
    [DataMember(Order = 12)] public decimal Amount { get; set; }
    [DataMember(Order = 13)] public string Currency { get; set; } = "RUB";
}

[DataContract(Namespace = PosApi.Namespace)]
public sealed class RefundPaymentResponse : PosResponse
{
    [DataMember(Order = 10)] public string? RefundTransactionId { get; set; }
    /// <summary><c>Pending|Completed|Rejected</c> (<see cref="WireRefundStatus"/>).</summary>
    [DataMember(Order = 11)] public string? Status { get; set; }
    [DataMember(Order = 12)] public string? StatusMessage { get; set; }
}

[DataContract(Namespace = PosApi.Namespace)]
public sealed class GetRefundStatusRequest : PosRequest
{
    [DataMember(Order = 10)] public string RefundTransactionId { get; set; } = "";
}

[DataContract(Namespace = PosApi.Namespace)]
public sealed class GetRefundStatusResponse : PosResponse
{
    /// <summary><c>Pending|Completed|Rejected</c> (<see cref="WireRefundStatus"/>).</summary>
    [DataMember(Order = 10)] public string? Status { get; set; }
    [DataMember(Order = 11)] public string? StatusMessage { get; set; }
}

/// <summary>A refund's status on the wire. Anything else is an unreadable answer (SPEC §5).</summary>
public static class WireRefundStatus
{
    public const string Pending = nameof(Pending);
    public const string Completed = nameof(Completed);
    public const string Rejected = nameof(Rejected);

    public static bool IsKnown(string? status) => status is Pending or Completed or Rejected;
}
