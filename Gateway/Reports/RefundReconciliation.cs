using Gateway.Refunds;
using Gateway.WebMoney;
using WebMoneyContract;

namespace Gateway.Reports;

/// <summary>
/// The refund half of reconciliation (SPEC §11): WebMoney's list holds the transactions created on the day, so a refund
/// made today of last week's payment is never in it. Refunds are reconciled by the day they were made instead: every
/// refund of the day that is not succeeded in the journal is asked about through the refund processor (its own re-send
/// or GetRefundStatus); one WebMoney completed becomes succeeded and is a refund_differs.
/// </summary>
public sealed class RefundReconciliation(IRefundStore refunds, RefundProcessor processor, IReportStore reports)
{
    /// <summary>
    /// Asks about the day's refunds; answers the refund_differs found, with the journal's side as it was before. The
    /// day's transactions from WebMoney's list (by ExternalId) give WebMoney's side where the payment is one of them.
    /// </summary>
    public async Task<IReadOnlyList<ReconciliationMismatch>> CheckDayAsync(DateTimeOffset start, DateTimeOffset end, bool sandbox,
        IReadOnlyDictionary<string, WebMoneyTransaction> dayTransactions, CancellationToken ct)
    {
        var toAsk = await refunds.ListNotSucceededMadeBetweenAsync(start, end, sandbox, ct);
        if (toAsk.Count == 0)
        {
            return [];
        }
        var before = await reports.ReadForReconciliationAsync(toAsk.Select(r => r.PaymentId).Distinct().ToList(), ct);
        var found = new List<ReconciliationMismatch>();
        foreach (var refund in toAsk)
        {
            var after = await processor.AskForReconciliationAsync(refund.Id, ct);
            if (after?.Status != RefundStatus.Succeeded || !before.TryGetValue(refund.PaymentId, out var entry))
            {
                continue;
            }
            var p = entry.Payment;
            dayTransactions.TryGetValue(p.Id, out var t);
            found.Add(new ReconciliationMismatch(MismatchKind.RefundDiffers, refund.TransactionId, refund.PaymentId,
                new JournalSide(p.Status, p.LatePaid, p.Amount, entry.RefundedAmount, p.TransactionId),
                t is null ? null : new WebMoneySide(t.Status, t.Amount, t.RefundedAmount, t.PaymentSystem, t.CreatedAt, t.PaidAt),
                new RefundSide(refund.Id, after.RefundTransactionId, refund.Amount, refund.Status, WireRefundStatus.Completed)));
        }
        return found;
    }
}
