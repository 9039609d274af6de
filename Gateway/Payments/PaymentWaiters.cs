using System.Collections.Concurrent;

namespace Gateway.Payments;

/// <summary>Wakes long-polls (GET /payments/{id}?waitSeconds=N) when their payment's committed state changes.</summary>
public sealed class PaymentWaiters : IPaymentObserver
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<Payment>> _waiters = new();

    /// <summary>A task that completes with the payment's next committed state. Register BEFORE reading the current state.</summary>
    public Task<Payment> NextChange(string id) =>
        _waiters.GetOrAdd(id, _ => new TaskCompletionSource<Payment>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public ValueTask OnPaymentChangedAsync(Payment payment, CancellationToken cancellationToken)
    {
        if (_waiters.TryRemove(payment.Id, out var waiter))
        {
            waiter.TrySetResult(payment);
        }
        return ValueTask.CompletedTask;
    }
}
