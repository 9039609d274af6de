using Gateway.WebMoney;
using WebMoneyContract;

namespace Gateway.Refunds;

public sealed partial class RefundProcessor
{
    /// <summary>
    /// Asks WebMoney about one refund for the day's reconciliation (SPEC §11) and answers the refund as the journal
    /// holds it afterwards. A pending refund takes its next step now, the poller's own (a re-send with the same
    /// RefundId while RefundPayment is unanswered, else GetRefundStatus), so there is one sender of refunds. A failed
    /// refund WebMoney gave an id to is asked GetRefundStatus; Completed makes it succeeded after all. A failed refund
    /// without that id is never re-sent: it was refused before WebMoney made it, and a re-send now could make it.
    /// </summary>
    public async Task<Refund?> AskForReconciliationAsync(string id, CancellationToken ct)
    {
        var refund = await _journal.GetAsync(id, CancellationToken.None);
        if (refund is null || refund.Status == RefundStatus.Succeeded)
        {
            return refund;
        }
        if (refund.Status == RefundStatus.Pending)
        {
            await RunDueAsync(id, ct);
            return await _journal.GetAsync(id, CancellationToken.None);
        }
        if (refund.RefundTransactionId is null)
        {
            return refund;
        }

        var gate = Lock(id);
        await gate.WaitAsync(ct);
        try
        {
            refund = await _journal.GetAsync(id, CancellationToken.None);
            if (refund is not { Status: RefundStatus.Failed, RefundTransactionId: { } refundTransactionId })
            {
                return refund;
            }
            var client = await ClientAsync(refund);
            var outcome = client is null
                ? NotConfigured<RefundStatusAnswer>()
                : await client.GetRefundStatusAsync(refundTransactionId, CallTimeout(), CancellationToken.None);
            if (outcome is not WebMoneyOutcome<RefundStatusAnswer>.Success { Value.Status: WireRefundStatus.Completed })
            {
                return refund;
            }
            var succeeded = refund with
            {
                Status = RefundStatus.Succeeded, Error = null, CompletedAt = _time.GetUtcNow(), Unresolved = false, Version = refund.Version + 1,
            };
            if (!await _journal.TryCorrectFailedAsync(succeeded, refund.Version, CancellationToken.None))
            {
                return await _journal.GetAsync(id, CancellationToken.None);
            }
            LogFailedButCompleted(id, refund.PaymentId, refund.Amount);
            Announce(refund, succeeded);
            return succeeded;
        }
        finally
        {
            gate.Release();
        }
    }

    [LoggerMessage(EventId = 1420, Level = LogLevel.Warning, Message = "Refund {RefundId} of payment {PaymentId} ({Amount}) was journalled failed, but WebMoney completed it: now succeeded (reconciliation). Check the return receipt.")]
    private partial void LogFailedButCompleted(string refundId, string paymentId, decimal amount);
}
