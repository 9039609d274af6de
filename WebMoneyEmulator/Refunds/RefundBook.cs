using WebMoneyContract;
using WebMoneyEmulator.Transactions;

namespace WebMoneyEmulator.Refunds;

/// <summary>What <see cref="RefundBook.Refund"/> gave: the refund, or a refusal (code 1–99) with its message.</summary>
internal readonly record struct RefundResult(EmulatorRefund? Refund, int Code, string? Message);

/// <summary>
/// The emulator's refunds. A refund needs a Paid transaction and may not take the refunds of that transaction
/// (Pending and Completed ones) past its amount; it is idempotent on RefundId. With <see cref="Pending"/> set,
/// a refund stays Pending until completed or rejected by hand, as a slow payment system would keep it.
/// </summary>
internal sealed class RefundBook(TransactionBook transactions, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, EmulatorRefund> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByRefundId = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private bool _pending;

    /// <summary>Refunds stay Pending until <see cref="Complete"/> / <see cref="Reject"/>; default false (they complete at once).</summary>
    public bool Pending
    {
        get { lock (_lock) { return _pending; } }
        set { lock (_lock) { _pending = value; } }
    }

    public RefundResult Refund(string transactionId, string refundId, Money amount, string currency)
    {
        lock (_lock)
        {
            if (_idByRefundId.TryGetValue(refundId, out var existingId))
            {
                var existing = _byId[existingId];
                return existing.TransactionId == transactionId && existing.Amount == amount
                    ? new RefundResult(existing, ResultCodes.Success, null)
                    : new RefundResult(null, RefundResultCodes.RefundIdReused, "RefundId уже использован для другого возврата");
            }

            if (transactions.Find(transactionId) is not { } transaction)
            {
                return new RefundResult(null, ResultCodes.UnknownTransaction, "Транзакция не найдена");
            }

            if (transaction.Status != WireStatus.Paid)
            {
                return new RefundResult(null, RefundResultCodes.NotPaid, $"Транзакция не оплачена (статус {transaction.Status}), возврат невозможен");
            }

            var taken = _byId.Values.Where(r => r.TransactionId == transactionId && r.Status != WireRefundStatus.Rejected).Aggregate(Money.Zero, (sum, r) => sum + r.Amount);
            if (taken + amount > transaction.Amount)
            {
                return new RefundResult(null, RefundResultCodes.ExceedsPayment,
                    $"Сумма возвратов превысит сумму платежа: доступно к возврату {transaction.Amount - taken}");
            }

            var now = time.GetUtcNow();
            var refund = _pending
                ? new EmulatorRefund(Guid.NewGuid().ToString("N"), refundId, transactionId, amount, currency, WireRefundStatus.Pending, "Возврат в обработке", now, null)
                : new EmulatorRefund(Guid.NewGuid().ToString("N"), refundId, transactionId, amount, currency, WireRefundStatus.Completed, "Возврат выполнен", now, now);
            _byId[refund.RefundTransactionId] = refund;
            _idByRefundId[refundId] = refund.RefundTransactionId;
            _order.Add(refund.RefundTransactionId);
            return new RefundResult(refund, ResultCodes.Success, null);
        }
    }

    public EmulatorRefund? Find(string refundTransactionId)
    {
        lock (_lock)
        {
            return _byId.GetValueOrDefault(refundTransactionId);
        }
    }

    public IReadOnlyList<EmulatorRefund> All()
    {
        lock (_lock)
        {
            return _order.Select(id => _byId[id]).ToList();
        }
    }

    public ControlResult Complete(string refundTransactionId, out EmulatorRefund? refund) =>
        Change(refundTransactionId, r => r with { Status = WireRefundStatus.Completed, StatusMessage = "Возврат выполнен", CompletedAt = time.GetUtcNow() }, out refund);

    public ControlResult Reject(string refundTransactionId, out EmulatorRefund? refund) =>
        Change(refundTransactionId, r => r with { Status = WireRefundStatus.Rejected, StatusMessage = "Недостаточно средств на счёте магазина", CompletedAt = time.GetUtcNow() }, out refund);

    private ControlResult Change(string refundTransactionId, Func<EmulatorRefund, EmulatorRefund> change, out EmulatorRefund? refund)
    {
        lock (_lock)
        {
            if (!_byId.TryGetValue(refundTransactionId, out refund))
            {
                return ControlResult.NotFound;
            }

            if (refund.IsFinal)
            {
                return ControlResult.AlreadyFinal;
            }

            refund = change(refund);
            _byId[refundTransactionId] = refund;
            return ControlResult.Done;
        }
    }
}
