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
}

/// <summary>
/// Wraps whatever <see cref="IWebMoneyClientFactory"/> is registered (self-contained: another decorator may wrap
/// this one or be wrapped by it) and records every call's outcome with its time.
/// </summary>
public sealed class HistoryWebMoneyClientFactory(IWebMoneyClientFactory inner, PaymentHistory history, TimeProvider time) : IWebMoneyClientFactory
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IWebMoneyClient, IWebMoneyClient> _wrapped = [];

    public IWebMoneyClient GetClient(WebMoneyConnection connection) =>
        _wrapped.GetValue(inner.GetClient(connection), client => new Client(client, history, time));

    private sealed class Client(IWebMoneyClient inner, PaymentHistory history, TimeProvider time) : IWebMoneyClient
    {
        public async Task<WebMoneyOutcome<QrCreated>> CreateQrPaymentAsync(CreateQrCommand command, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var started = time.GetTimestamp();
            var outcome = await inner.CreateQrPaymentAsync(command, timeout, cancellationToken);
            if (outcome is WebMoneyOutcome<QrCreated>.Success { Value: var qr })
            {
                history.Transactions[qr.TransactionId] = command.ExternalId;
            }
            Record(command.ExternalId, null, PosApi.CreateQrPayment, outcome, null, started);
            return outcome;
        }

        public async Task<WebMoneyOutcome<StatusAnswer>> GetPaymentStatusAsync(string transactionId, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var started = time.GetTimestamp();
            var outcome = await inner.GetPaymentStatusAsync(transactionId, timeout, cancellationToken);
            var status = (outcome as WebMoneyOutcome<StatusAnswer>.Success)?.Value;
            Record(null, transactionId, PosApi.GetPaymentStatus, outcome, status?.Status, started, status?.StatusMessage);
            return outcome;
        }

        public async Task<WebMoneyOutcome<CancelAnswer>> CancelPaymentAsync(string transactionId, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var started = time.GetTimestamp();
            var outcome = await inner.CancelPaymentAsync(transactionId, timeout, cancellationToken);
            Record(null, transactionId, PosApi.CancelPayment, outcome, (outcome as WebMoneyOutcome<CancelAnswer>.Success)?.Value.Status, started);
            return outcome;
        }

        /// <summary>A refund is part of its payment's story: recorded under the payment's transaction.</summary>
        public async Task<WebMoneyOutcome<RefundAnswer>> RefundPaymentAsync(RefundCommand command, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var started = time.GetTimestamp();
            var outcome = await inner.RefundPaymentAsync(command, timeout, cancellationToken);
            var answer = (outcome as WebMoneyOutcome<RefundAnswer>.Success)?.Value;
            if (answer is not null)
            {
                history.Transactions[answer.RefundTransactionId] = history.Transactions.GetValueOrDefault(command.TransactionId) ?? "";
            }
            Record(null, command.TransactionId, PosApi.RefundPayment, outcome, answer?.Status, started,
                $"возврат {command.Amount:0.00} {command.Currency}, RefundId {command.RefundId}");
            return outcome;
        }

        public async Task<WebMoneyOutcome<RefundStatusAnswer>> GetRefundStatusAsync(string refundTransactionId, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var started = time.GetTimestamp();
            var outcome = await inner.GetRefundStatusAsync(refundTransactionId, timeout, cancellationToken);
            if (history.Transactions.GetValueOrDefault(refundTransactionId) is { Length: > 0 } paymentId)
            {
                var answer = (outcome as WebMoneyOutcome<RefundStatusAnswer>.Success)?.Value;
                Record(paymentId, null, PosApi.GetRefundStatus, outcome, answer?.Status, started, answer?.StatusMessage);
            }
            return outcome;
        }

        /// <summary>A whole day's list belongs to no one payment: not recorded.</summary>
        public Task<WebMoneyOutcome<TransactionList>> GetTransactionsAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan timeout, CancellationToken cancellationToken) =>
            inner.GetTransactionsAsync(from, to, timeout, cancellationToken);

        private void Record<T>(string? paymentId, string? transactionId, string operation, WebMoneyOutcome<T> outcome, string? wireStatus,
            long started, string? message = null)
        {
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
