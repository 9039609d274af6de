using System.Collections.Concurrent;
using Gateway.Payments;
using Gateway.Storage;

namespace Tests.Reliability;

/// <summary>
/// Records every announced payment state (in order) and lets a test await a condition on them: an event to
/// wait on, never a sleep.
/// </summary>
public sealed class PaymentEvents : IPaymentObserver
{
    private readonly object _gate = new();
    private readonly List<(Func<Payment, bool> Condition, TaskCompletionSource<Payment> Done)> _waiters = [];

    public ConcurrentQueue<Payment> Seen { get; } = new();

    public ValueTask OnPaymentChangedAsync(Payment payment, CancellationToken cancellationToken)
    {
        Seen.Enqueue(payment);
        lock (_gate)
        {
            foreach (var waiter in _waiters.Where(w => w.Condition(payment)).ToList())
            {
                waiter.Done.TrySetResult(payment);
                _waiters.Remove(waiter);
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>The first announced payment (already seen or still to come) that matches.</summary>
    public Task<Payment> WaitForAsync(Func<Payment, bool> condition, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<Payment>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (Seen.FirstOrDefault(condition) is { } seen)
            {
                return Task.FromResult(seen);
            }
            _waiters.Add((condition, done));
        }
        return done.Task.WaitAsync(timeout);
    }
}
