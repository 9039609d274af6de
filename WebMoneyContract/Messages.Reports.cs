using System.Runtime.Serialization;

namespace WebMoneyContract;

/// <summary>The transactions created in [<see cref="From"/>, <see cref="To"/>) (SPEC §5, §11).</summary>
[DataContract(Namespace = PosApi.Namespace)]
public sealed class GetTransactionsRequest : PosRequest
{
    /// <summary>UTC, whole seconds (enters the signature like RequestTime).</summary>
    [DataMember(Order = 10)] public DateTime From { get; set; }
    /// <summary>UTC, whole seconds, exclusive.</summary>
    [DataMember(Order = 11)] public DateTime To { get; set; }
}

[DataContract(Namespace = PosApi.Namespace)]
public sealed class GetTransactionsResponse : PosResponse
{
    [DataMember(Order = 10)] public List<PosTransaction>? Transactions { get; set; }
}

/// <summary>One transaction as WebMoney reports it at the end of the day.</summary>
[DataContract(Namespace = PosApi.Namespace, Name = "Transaction")]
public sealed class PosTransaction
{
    [DataMember(Order = 1)] public string TransactionId { get; set; } = "";
    /// <summary>The gateway's payment id given at create.</summary>
    [DataMember(Order = 2)] public string ExternalId { get; set; } = "";
    /// <summary><c>Sbp|WebMoney|WeChat|Alipay</c>.</summary>
    [DataMember(Order = 3)] public string PaymentSystem { get; set; } = "";
    [DataMember(Order = 4)] public decimal Amount { get; set; }
    [DataMember(Order = 5)] public string Currency { get; set; } = "RUB";
    /// <summary>The wire status (<see cref="WireStatus"/>).</summary>
    [DataMember(Order = 6)] public string Status { get; set; } = "";
    [DataMember(Order = 7)] public DateTime CreatedAt { get; set; }
    [DataMember(Order = 8)] public DateTime? PaidAt { get; set; }
    /// <summary>The sum of the transaction's completed refunds.</summary>
    [DataMember(Order = 9)] public decimal RefundedAmount { get; set; }
}
