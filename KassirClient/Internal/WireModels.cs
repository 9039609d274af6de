using System;
using System.Collections.Generic;

namespace KassirClient.Internal;

// The gateway's JSON as it travels (SPEC §3). Kept apart from the public models so an unknown enum value or a
// new member never breaks the client.
internal sealed class CreatePaymentWire
{
    public decimal Amount { get; set; }
    public int PaymentTypeCode { get; set; }
    public string? ReceiptId { get; set; }
    public string? TerminalId { get; set; }
    public string? Description { get; set; }
}

internal sealed class PaymentWire
{
    public string? Id { get; set; }
    public string? Status { get; set; }
    public string? TerminalId { get; set; }
    public string? ReceiptId { get; set; }
    public string? Description { get; set; }
    public decimal Amount { get; set; }
    public string? Currency { get; set; }
    public string? PaymentSystem { get; set; }
    public int? PaymentTypeCode { get; set; }
    public string? TransactionId { get; set; }
    public QrWire? Qr { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    public DateTimeOffset? Deadline { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public ErrorWire? Error { get; set; }
    public bool Sandbox { get; set; }
    public bool LatePaid { get; set; }
    public bool Unresolved { get; set; }
}

internal sealed class QrWire
{
    public string? Payload { get; set; }
    public string? SvgUrl { get; set; }
    public string? PngUrl { get; set; }
}

internal sealed class ErrorWire
{
    public string? Code { get; set; }
    public string? Message { get; set; }
}

internal sealed class ProblemWire
{
    public string? Title { get; set; }
    public int? Status { get; set; }
    public string? Detail { get; set; }
    public string? Code { get; set; }
    public string? PaymentId { get; set; }
    public Dictionary<string, string[]>? Errors { get; set; }
}
