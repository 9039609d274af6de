namespace Gateway.Storage;

/// <summary>One terminal and system's paid or refunded sums of a period (the two kinds come as separate rows).</summary>
public sealed record DaySumRow(string TerminalId, PaymentSystem PaymentSystem, int PaidCount, decimal PaidAmount, int RefundedCount, decimal RefundedAmount);

public sealed record DaySums(IReadOnlyList<DaySumRow> Rows, int AttentionCount);

/// <summary>A payment as a reconciliation sees it: its journal state and the sum of its succeeded refunds.</summary>
public sealed record ReconciledEntry(Payment Payment, decimal RefundedAmount);
