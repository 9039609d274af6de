using WebMoneyContract;

namespace WebMoneyEmulator.Transactions;

/// <summary>What a control action on a transaction gave.</summary>
public enum ControlResult
{
    /// <summary>The transaction was pending and changed.</summary>
    Done,
    /// <summary>No transaction has that id.</summary>
    NotFound,
    /// <summary>The transaction was already final and stays as it was.</summary>
    AlreadyFinal,
}

/// <summary>
/// The emulator's transactions. Time-driven changes (auto-pay, expiry) are applied lazily whenever a
/// transaction is read, from the emulator's TimeProvider, so a FakeTimeProvider drives them without timers.
/// </summary>
internal sealed class TransactionBook(TimeProvider time, TimeSpan qrLifetime)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, EmulatorTransaction> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByExternalId = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private TimeSpan? _autoPayAfter;

    /// <summary>When set, a pending transaction is paid this long after its creation.</summary>
    public TimeSpan? AutoPayAfter
    {
        get { lock (_lock) { return _autoPayAfter; } }
        set { lock (_lock) { _autoPayAfter = value; } }
    }

    /// <summary>Creates the transaction, or returns the one already created for this ExternalId.</summary>
    public (EmulatorTransaction Transaction, bool Created) GetOrCreate(string externalId, string paymentSystem, Money amount, string currency, string? description, string posNumber)
    {
        lock (_lock)
        {
            if (_idByExternalId.TryGetValue(externalId, out var existingId))
            {
                return (Refresh(existingId), false);
            }

            var now = time.GetUtcNow();
            var transaction = new EmulatorTransaction(
                Guid.NewGuid().ToString("N"), externalId, paymentSystem, amount, currency, description,
                WireStatus.Created, "QR-код выдан", QrPayloads.For(paymentSystem, amount), now, now + qrLifetime, null)
            {
                PosNumber = posNumber,
            };
            _byId[transaction.TransactionId] = transaction;
            _idByExternalId[externalId] = transaction.TransactionId;
            _order.Add(transaction.TransactionId);
            return (transaction, true);
        }
    }

    public EmulatorTransaction? Find(string transactionId)
    {
        lock (_lock)
        {
            return _byId.ContainsKey(transactionId) ? Refresh(transactionId) : null;
        }
    }

    /// <summary>The answer to a status query (counted): the first one sees Created, later ones WaitingForPayment.</summary>
    public EmulatorTransaction? QueryStatus(string transactionId)
    {
        lock (_lock)
        {
            if (!_byId.ContainsKey(transactionId))
            {
                return null;
            }

            var current = Refresh(transactionId);
            var counted = current with { StatusQueries = current.StatusQueries + 1 };
            if (current.Status == WireStatus.Created)
            {
                if (current.StatusQueried)
                {
                    return Replace(counted with { Status = WireStatus.WaitingForPayment, StatusMessage = "Ожидает оплаты" });
                }

                Replace(counted with { StatusQueried = true });
                return current;
            }

            return Replace(counted);
        }
    }

    public IReadOnlyList<EmulatorTransaction> All()
    {
        lock (_lock)
        {
            return _order.Select(Refresh).ToList();
        }
    }

    /// <summary>Cancels a pending transaction; a final one stays as it is (Paid stays Paid).</summary>
    public EmulatorTransaction? Cancel(string transactionId) =>
        Change(transactionId, t => t with { Status = WireStatus.Cancelled, StatusMessage = "Отменён кассиром" }, out _);

    public ControlResult Pay(string transactionId, out EmulatorTransaction? transaction) =>
        Outcome(Change(transactionId, t => t with { Status = WireStatus.Paid, StatusMessage = "Оплачен", PaidAt = time.GetUtcNow() }, out var changed), changed, out transaction);

    public ControlResult Decline(string transactionId, out EmulatorTransaction? transaction) =>
        Outcome(Change(transactionId, t => t with { Status = WireStatus.Rejected, StatusMessage = "Платёж отклонён плательщиком" }, out var changed), changed, out transaction);

    public ControlResult Expire(string transactionId, out EmulatorTransaction? transaction) =>
        Outcome(Change(transactionId, Expired, out var changed), changed, out transaction);

    private static ControlResult Outcome(EmulatorTransaction? result, bool changed, out EmulatorTransaction? transaction)
    {
        transaction = result;
        return result is null ? ControlResult.NotFound : changed ? ControlResult.Done : ControlResult.AlreadyFinal;
    }

    private EmulatorTransaction? Change(string transactionId, Func<EmulatorTransaction, EmulatorTransaction> change, out bool changed)
    {
        lock (_lock)
        {
            changed = false;
            if (!_byId.ContainsKey(transactionId))
            {
                return null;
            }

            var current = Refresh(transactionId);
            if (current.IsFinal)
            {
                return current;
            }

            changed = true;
            return Replace(change(current));
        }
    }

    // Applies what time has done to a pending transaction: auto-pay if due before expiry, else expiry.
    private EmulatorTransaction Refresh(string transactionId)
    {
        var t = _byId[transactionId];
        if (t.IsFinal)
        {
            return t;
        }

        var now = time.GetUtcNow();
        var payAt = _autoPayAfter is { } after ? t.CreatedAt + after : (DateTimeOffset?)null;
        if (payAt is { } due && due <= now && due < t.ExpiresAt)
        {
            return Replace(t with { Status = WireStatus.Paid, StatusMessage = "Оплачен", PaidAt = due });
        }

        return now >= t.ExpiresAt ? Replace(Expired(t)) : t;
    }

    private static EmulatorTransaction Expired(EmulatorTransaction t) =>
        t with { Status = WireStatus.Expired, StatusMessage = "Срок действия QR-кода истёк" };

    private EmulatorTransaction Replace(EmulatorTransaction t)
    {
        _byId[t.TransactionId] = t;
        return t;
    }
}
