using Gateway.Operations;
using Gateway.Payments;
using Gateway.WebMoney;
using WebMoneyContract;

namespace Gateway.History;

/// <summary>
/// Records state changes from the edge: told after every commit, in commit order. It derives facts from the
/// committed payment (created, QR issued, final, late paid, resolved) rather than from a remembered previous
/// state, so a restart (nothing remembered) never invents or loses a step; repeats are dropped by the writer.
/// </summary>
public sealed class HistoryObserver(PaymentHistory history, TimeProvider time) : IPaymentObserver
{
    /// <summary>The <c>outcome</c> of a final event that ended without a definite "not paid".</summary>
    public const string UnresolvedMark = PaymentEventKinds.UnresolvedOutcome;

    public ValueTask OnPaymentChangedAsync(Payment payment, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (payment.TransactionId is { } tx)
        {
            history.Transactions[tx] = payment.Id;
        }
        history.Record(new PaymentEvent(payment.Id, null, payment.CreatedAt, PaymentEventKinds.Created, HistoryTexts.Created(payment)));
        if (payment.QrPayload is not null)
        {
            history.Record(new PaymentEvent(payment.Id, null, now, PaymentEventKinds.QrIssued, HistoryTexts.QrIssued(payment)));
        }
        if (payment.IsFinal)
        {
            history.Record(new PaymentEvent(payment.Id, null, payment.CompletedAt ?? now, PaymentEventKinds.Final, HistoryTexts.Final(payment),
                Outcome: payment.Unresolved ? UnresolvedMark : null, Detail: payment.Error?.Code));
            if (payment.LatePaid)
            {
                history.Record(new PaymentEvent(payment.Id, null, now, PaymentEventKinds.LatePaid, HistoryTexts.LatePaid(payment)));
            }
            else if (!payment.Unresolved)
            {
                // Only meaningful after an unresolved ending: the writer drops it unless the final event said so.
                history.Record(new PaymentEvent(payment.Id, null, now, PaymentEventKinds.Resolved, HistoryTexts.Resolved));
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>The cashier's cancel and the administrator's check, recorded when they reach the payment (before their calls).</summary>
    public ValueTask OnRequestedAsync(JournalEntry current, OperationRequest request, CancellationToken cancellationToken)
    {
        var (kind, text) = request == OperationRequest.Cancel
            ? (PaymentEventKinds.CancelRequested, HistoryTexts.CancelRequested)
            : (PaymentEventKinds.RecheckRequested, HistoryTexts.RecheckRequested);
        history.Record(new PaymentEvent(current.Payment.Id, null, time.GetUtcNow(), kind, text));
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Records every WebMoney call's outcome with its time in the payment's history: an observer of the one hook on the
/// WebMoney clients (<see cref="IWebMoneyCallObserver"/>). A refund is part of its payment's story (recorded under the
/// payment's transaction); a whole day's list belongs to no one payment and is not recorded.
/// </summary>
public sealed class HistoryCallObserver(PaymentHistory history, TimeProvider time) : IWebMoneyCallObserver
{
    public IWebMoneyCallScope? OnCall(WebMoneyCall call) =>
        call.Operation == PosApi.GetTransactions ? null : new Scope(call, history, time, time.GetTimestamp());

    private sealed class Scope(WebMoneyCall call, PaymentHistory history, TimeProvider time, long started) : IWebMoneyCallScope
    {
        public void OnAnswered<T>(WebMoneyOutcome<T> outcome)
        {
            object? value = outcome is WebMoneyOutcome<T>.Success success ? success.Value : null;
            switch (call.Request, value)
            {
                case (CreateQrCommand command, QrCreated qr):
                    history.Transactions[qr.TransactionId] = command.ExternalId;
                    break;
                case (RefundCommand command, RefundAnswer answer):
                    history.Transactions[answer.RefundTransactionId] = history.Transactions.GetValueOrDefault(command.TransactionId) ?? "";
                    break;
            }
            switch (call.Operation)
            {
                case PosApi.CreateQrPayment:
                    Record(call.PaymentId, null, outcome, null);
                    break;
                case PosApi.GetPaymentStatus:
                    var status = value as StatusAnswer;
                    Record(null, call.TransactionId, outcome, status?.Status, status?.StatusMessage);
                    break;
                case PosApi.CancelPayment:
                    Record(null, call.TransactionId, outcome, (value as CancelAnswer)?.Status);
                    break;
                case PosApi.RefundPayment when call.Request is RefundCommand command:
                    Record(null, call.TransactionId, outcome, (value as RefundAnswer)?.Status,
                        $"возврат {command.Amount:0.00} {command.Currency}, RefundId {command.RefundId}");
                    break;
                case PosApi.GetRefundStatus when call.Request is string refundTransactionId
                    && history.Transactions.GetValueOrDefault(refundTransactionId) is { Length: > 0 } paymentId:
                    var answer = value as RefundStatusAnswer;
                    Record(paymentId, null, outcome, answer?.Status, answer?.StatusMessage);
                    break;
            }
        }

        /// <summary>Abandoned by the caller: WebMoney's answer, if any, was never read; nothing to record.</summary>
        public void OnAbandoned()
        {
        }

        public void Dispose()
        {
        }

        private void Record<T>(string? paymentId, string? transactionId, WebMoneyOutcome<T> outcome, string? wireStatus, string? message = null)
        {
            var operation = call.Operation;
            var (kind, code, detail) = outcome switch
            {
                WebMoneyOutcome<T>.Success => ("success", (int?)null, message),
                WebMoneyOutcome<T>.Refusal r => ("refusal", r.ResultCode, r.Message),
                WebMoneyOutcome<T>.TechnicalError t => ("technicalError", null, $"{t.Kind}: {t.Message}"),
                _ => ("unknown", null, null),
            };
            history.Record(new PaymentEvent(paymentId, transactionId, time.GetUtcNow(), PaymentEventKinds.WebMoneyCall,
                HistoryTexts.Call(operation, outcome, wireStatus), operation, kind, wireStatus, code, detail,
                (long)time.GetElapsedTime(started).TotalMilliseconds));
        }
    }
}
