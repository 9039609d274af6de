using System.Runtime.Serialization;

namespace KassirClient.Internal;

// The refund JSON of SPEC §10 as it travels; see WireModels for the conventions.
[DataContract]
internal sealed class CreateRefundWire
{
    [DataMember(Name = "amount", EmitDefaultValue = false, Order = 1)]
    public decimal? Amount { get; set; }

    [DataMember(Name = "reason", EmitDefaultValue = false, Order = 2)]
    public string? Reason { get; set; }
}

[DataContract]
internal sealed class RefundWire
{
    [DataMember(Name = "id")] public string? Id { get; set; }
    [DataMember(Name = "paymentId")] public string? PaymentId { get; set; }
    [DataMember(Name = "amount")] public decimal? Amount { get; set; }
    [DataMember(Name = "currency")] public string? Currency { get; set; }
    [DataMember(Name = "status")] public string? Status { get; set; }
    [DataMember(Name = "reason")] public string? Reason { get; set; }
    [DataMember(Name = "refundTransactionId")] public string? RefundTransactionId { get; set; }
    [DataMember(Name = "createdAt")] public string? CreatedAt { get; set; }
    [DataMember(Name = "completedAt")] public string? CompletedAt { get; set; }
    [DataMember(Name = "error")] public ErrorWire? Error { get; set; }
    [DataMember(Name = "unresolved")] public bool? Unresolved { get; set; }

    public bool IsPending => string.Equals(Status, "pending", System.StringComparison.OrdinalIgnoreCase);

    public bool IsSucceeded => string.Equals(Status, "succeeded", System.StringComparison.OrdinalIgnoreCase);

    public bool IsFailed => string.Equals(Status, "failed", System.StringComparison.OrdinalIgnoreCase);
}
