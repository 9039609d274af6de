using System.Text.Json.Serialization;
using Gateway.Payments;

namespace Gateway.Reports;

/// <summary><c>GET /reports/daily</c> (SPEC §11): one local day, from the journal alone.</summary>
/// <param name="Date">The local day, yyyy-MM-dd.</param>
/// <param name="TimeZone">The zone whose day it is (Gateway:TimeZone).</param>
/// <param name="Totals">Every payment system, zeros included, over all terminals (or the one asked for).</param>
/// <param name="ByTerminal">Terminals with any payment or refund that day, each with the systems it used.</param>
/// <param name="AttentionCount">Payments ended that day that are latePaid or still unresolved (GET /payments?attention=true).</param>
public sealed record DailyReportResponse(
    string Date,
    string TimeZone,
    IReadOnlyList<SystemTotals> Totals,
    IReadOnlyList<TerminalTotals> ByTerminal,
    int AttentionCount);

/// <param name="PaymentSystem">sbp, webMoney, weChat or alipay.</param>
/// <param name="PaidCount">Payments paid (or latePaid) that completed that day.</param>
/// <param name="PaidAmount">Their sum, rubles.</param>
/// <param name="RefundedAmount">The sum of those refunds, rubles.</param>
/// <param name="RefundedCount">Refunds that succeeded that day (of payments of any day).</param>
/// <param name="NetAmount">PaidAmount − RefundedAmount.</param>
public sealed record SystemTotals(
    PaymentSystem PaymentSystem,
    int PaidCount,
    decimal PaidAmount,
    int RefundedCount,
    decimal RefundedAmount,
    decimal NetAmount);

public sealed record TerminalTotals(string TerminalId, IReadOnlyList<SystemTotals> Totals);

/// <summary><c>GET /reports/reconciliation</c> (SPEC §11): WebMoney's transactions of the day against the journal.</summary>
/// <param name="Date">The local day, yyyy-MM-dd.</param>
/// <param name="CheckedAt">When WebMoney answered.</param>
/// <param name="MatchedCount">Transactions on which WebMoney and the journal agree.</param>
/// <param name="Mismatches">One entry per transaction and kind of disagreement.</param>
public sealed record ReconciliationResponse(
    string Date,
    DateTimeOffset CheckedAt,
    int MatchedCount,
    IReadOnlyList<ReconciliationMismatch> Mismatches);

/// <param name="Kind">missing_in_journal, status_differs, amount_differs or refund_differs.</param>
/// <param name="TransactionId">WebMoney's transaction id.</param>
/// <param name="PaymentId">The transaction's ExternalId: the gateway's payment id (also when the journal lacks it).</param>
/// <param name="Journal">The journal's side as found before this check (null: not in the journal).</param>
/// <param name="WebMoney">WebMoney's side: the transaction in the day's list; null for a refund of a payment of another
/// day (WebMoney's list holds the transactions created that day).</param>
/// <param name="Refund">For a refund made that day that WebMoney completed while the journal did not hold it succeeded
/// (refund_differs): that refund, now succeeded. Null otherwise.</param>
public sealed record ReconciliationMismatch(
    MismatchKind Kind,
    string TransactionId,
    string PaymentId,
    JournalSide? Journal,
    WebMoneySide? WebMoney,
    RefundSide? Refund = null);

public enum MismatchKind
{
    [JsonStringEnumMemberName("missing_in_journal")] MissingInJournal,
    [JsonStringEnumMemberName("status_differs")] StatusDiffers,
    [JsonStringEnumMemberName("amount_differs")] AmountDiffers,
    [JsonStringEnumMemberName("refund_differs")] RefundDiffers,
}

/// <param name="Status">The payment's status in the journal.</param>
/// <param name="LatePaid">As found; a status_differs where WebMoney says paid makes it true from now on.</param>
/// <param name="Amount">Rubles.</param>
/// <param name="RefundedAmount">The sum of its succeeded refunds.</param>
/// <param name="TransactionId">The WebMoney transaction id the journal holds.</param>
public sealed record JournalSide(PaymentStatus Status, bool LatePaid, decimal Amount, decimal RefundedAmount, string? TransactionId);

/// <param name="Status">WebMoney's wire status: Created, WaitingForPayment, Paid, Rejected, Expired, Cancelled.</param>
/// <param name="Amount">Rubles.</param>
/// <param name="RefundedAmount">The sum of its completed refunds at WebMoney.</param>
/// <param name="PaymentSystem">Wire name: Sbp, WebMoney, WeChat, Alipay.</param>
/// <param name="CreatedAt">When WebMoney created the transaction.</param>
/// <param name="PaidAt">When it was paid, if it was.</param>
public sealed record WebMoneySide(string Status, decimal Amount, decimal RefundedAmount, string PaymentSystem, DateTimeOffset CreatedAt, DateTimeOffset? PaidAt);

/// <summary>A refund of the day the journal did not hold succeeded, which WebMoney reports completed.</summary>
/// <param name="RefundId">The gateway's refund id (the RefundId WebMoney was sent).</param>
/// <param name="RefundTransactionId">WebMoney's id of the refund.</param>
/// <param name="Amount">Rubles.</param>
/// <param name="JournalStatus">The refund's status in the journal before this check: pending or failed. It is succeeded from now on.</param>
/// <param name="WebMoneyStatus">WebMoney's refund status: Completed.</param>
public sealed record RefundSide(string RefundId, string? RefundTransactionId, decimal Amount, Storage.RefundStatus JournalStatus, string WebMoneyStatus);
