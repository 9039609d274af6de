using System.Runtime.Serialization;

namespace WebMoneyContract;

/// <summary>Fields every request carries (SPEC §5).</summary>
[DataContract(Namespace = PosApi.Namespace)]
public abstract class PosRequest
{
    [DataMember(Order = 1)] public string AgentId { get; set; } = "";
    [DataMember(Order = 2)] public string PosNumber { get; set; } = "";
    [DataMember(Order = 3)] public string Wmid { get; set; } = "0";
    [DataMember(Order = 4)] public string CrsId { get; set; } = "0";
    /// <summary>UTC; whole seconds enter the signature.</summary>
    [DataMember(Order = 5)] public DateTime RequestTime { get; set; }
    [DataMember(Order = 6)] public string Signature { get; set; } = "";
}

[DataContract(Namespace = PosApi.Namespace)]
public abstract class PosResponse
{
    /// <summary>0 success; 1–99 refusal; ≥ 100 temporary.</summary>
    [DataMember(Order = 1)] public int ResultCode { get; set; }
    [DataMember(Order = 2)] public string? ResultMessage { get; set; }
}

[DataContract(Namespace = PosApi.Namespace)]
public sealed class CreateQrPaymentRequest : PosRequest
{
    /// <summary>The gateway's payment id; create is idempotent on it.</summary>
    [DataMember(Order = 10)] public string ExternalId { get; set; } = "";
    /// <summary><c>Sbp|WebMoney|WeChat|Alipay</c>.</summary>
    [DataMember(Order = 11)] public string PaymentSystem { get; set; } = "";
    [DataMember(Order = 12)] public decimal Amount { get; set; }
    [DataMember(Order = 13)] public string Currency { get; set; } = "RUB";
    [DataMember(Order = 14)] public string? Description { get; set; }
}

[DataContract(Namespace = PosApi.Namespace)]
public sealed class CreateQrPaymentResponse : PosResponse
{
    [DataMember(Order = 10)] public string? TransactionId { get; set; }
    [DataMember(Order = 11)] public string? QrPayload { get; set; }
    [DataMember(Order = 12)] public DateTime? ExpiresAt { get; set; }
}

[DataContract(Namespace = PosApi.Namespace)]
public sealed class GetPaymentStatusRequest : PosRequest
{
    [DataMember(Order = 10)] public string TransactionId { get; set; } = "";
}

[DataContract(Namespace = PosApi.Namespace)]
public sealed class GetPaymentStatusResponse : PosResponse
{
    /// <summary><c>Created|WaitingForPayment|Paid|Rejected|Expired|Cancelled</c>.</summary>
    [DataMember(Order = 10)] public string? Status { get; set; }
    [DataMember(Order = 11)] public string? StatusMessage { get; set; }
    [DataMember(Order = 12)] public DateTime? PaidAt { get; set; }
    /// <summary>The server's clock when it answered (lets the gateway report clock skew).</summary>
    [DataMember(Order = 13)] public DateTime? ServerTime { get; set; }
}

[DataContract(Namespace = PosApi.Namespace)]
public sealed class CancelPaymentRequest : PosRequest
{
    [DataMember(Order = 10)] public string TransactionId { get; set; } = "";
}

[DataContract(Namespace = PosApi.Namespace)]
public sealed class CancelPaymentResponse : PosResponse
{
    /// <summary>The transaction's status after the cancel (Paid if it was paid first).</summary>
    [DataMember(Order = 10)] public string? Status { get; set; }
}
