using System.Collections.Generic;
using System.Runtime.Serialization;

namespace KassirClient.Internal;

// The gateway's JSON as it travels (SPEC §3). Kept apart from the public models so an unknown enum value or a
// new member never breaks the client: statuses and systems stay strings here, dates stay ISO strings
// (see Json), and members the client does not know are skipped by the serializer.
[DataContract]
internal sealed class CreatePaymentWire
{
    [DataMember(Name = "amount", Order = 1)]
    public decimal Amount { get; set; }

    [DataMember(Name = "paymentTypeCode", Order = 2)]
    public int PaymentTypeCode { get; set; }

    [DataMember(Name = "receiptId", EmitDefaultValue = false, Order = 3)]
    public string? ReceiptId { get; set; }

    [DataMember(Name = "terminalId", EmitDefaultValue = false, Order = 4)]
    public string? TerminalId { get; set; }

    [DataMember(Name = "description", EmitDefaultValue = false, Order = 5)]
    public string? Description { get; set; }
}

[DataContract]
internal sealed class PaymentWire
{
    [DataMember(Name = "id")] public string? Id { get; set; }
    [DataMember(Name = "status")] public string? Status { get; set; }
    [DataMember(Name = "terminalId")] public string? TerminalId { get; set; }
    [DataMember(Name = "receiptId")] public string? ReceiptId { get; set; }
    [DataMember(Name = "description")] public string? Description { get; set; }
    [DataMember(Name = "amount")] public decimal Amount { get; set; }
    [DataMember(Name = "currency")] public string? Currency { get; set; }
    [DataMember(Name = "paymentSystem")] public string? PaymentSystem { get; set; }
    [DataMember(Name = "paymentTypeCode")] public int? PaymentTypeCode { get; set; }
    [DataMember(Name = "transactionId")] public string? TransactionId { get; set; }
    [DataMember(Name = "qr")] public QrWire? Qr { get; set; }
    [DataMember(Name = "createdAt")] public string? CreatedAt { get; set; }
    [DataMember(Name = "deadline")] public string? Deadline { get; set; }
    [DataMember(Name = "completedAt")] public string? CompletedAt { get; set; }
    [DataMember(Name = "error")] public ErrorWire? Error { get; set; }
    [DataMember(Name = "sandbox")] public bool? Sandbox { get; set; }
    [DataMember(Name = "latePaid")] public bool? LatePaid { get; set; }
    [DataMember(Name = "unresolved")] public bool? Unresolved { get; set; }
}

[DataContract]
internal sealed class QrWire
{
    [DataMember(Name = "payload")] public string? Payload { get; set; }
    [DataMember(Name = "svgUrl")] public string? SvgUrl { get; set; }
    [DataMember(Name = "pngUrl")] public string? PngUrl { get; set; }
}

[DataContract]
internal sealed class ErrorWire
{
    [DataMember(Name = "code")] public string? Code { get; set; }
    [DataMember(Name = "message")] public string? Message { get; set; }
}

[DataContract]
internal sealed class ProblemWire
{
    [DataMember(Name = "title")] public string? Title { get; set; }
    [DataMember(Name = "status")] public int? Status { get; set; }
    [DataMember(Name = "detail")] public string? Detail { get; set; }
    [DataMember(Name = "code")] public string? Code { get; set; }
    [DataMember(Name = "paymentId")] public string? PaymentId { get; set; }
    [DataMember(Name = "refundableAmount")] public decimal? RefundableAmount { get; set; }
    [DataMember(Name = "errors")] public Dictionary<string, string[]>? Errors { get; set; }
}
