namespace Gateway.Payments;

/// <summary>
/// Wakes long-polls (GET /payments/{id}?waitSeconds=N) when their payment's committed state changes. Waiters
/// are counted, so a wait that ends by timeout (or on an unknown id) leaves nothing behind.
/// </summary>
public sealed class PaymentWaiters : IPaymentObserver
{
    private readonly Dictionary<string, (TaskCompletionSource<Payment> Change, int Count)> _waiters = new();

    /// <summary>Registers interest in the payment's next committed state. Register BEFORE reading the current state; always <see cref="Release"/>.</summary>
    public Task<Payment> Acquire(string id)
    {
        lock (_waiters)
        {
            var (change, count) = _waiters.TryGetValue(id, out var w)
                ? w
                : (new TaskCompletionSource<Payment>(TaskCreationOptions.RunContinuationsAsynchronously), 0);
            _waiters[id] = (change, count + 1);
            return change.Task;
        }
    }

    public void Release(string id, Task<Payment> acquired)
    {
        lock (_waiters)
        {
            if (_waiters.TryGetValue(id, out var w) && w.Change.Task == acquired)
            {
                if (w.Count <= 1)
                {
                    _waiters.Remove(id);
                }
                else
                {
                    _waiters[id] = (w.Change, w.Count - 1);
                }
            }
        }
    }

    /// <summary>How many payments have someone waiting (tests).</summary>
    internal int Count
    {
        get
        {
            lock (_waiters)
            {
                return _waiters.Count;
            }
        }
    }

    public ValueTask OnPaymentChangedAsync(Payment payment, CancellationToken cancellationToken)
    {
        TaskCompletionSource<Payment>? change = null;
        lock (_waiters)
        {
            if (_waiters.Remove(payment.Id, out var w))
            {
                change = w.Change;
            }
        }
        change?.TrySetResult(payment);
        return ValueTask.CompletedTask;
    }
}
