namespace Gateway.Refunds;

/// <summary>Wakes long-polls (GET /refunds/{id}?waitSeconds=N) when their refund's committed state changes.</summary>
public sealed class RefundWaiters
{
    private readonly Dictionary<string, TaskCompletionSource<Refund>> _waiters = new();

    /// <summary>The refund's next committed state. Acquire BEFORE reading the current state.</summary>
    public Task<Refund> Next(string id)
    {
        lock (_waiters)
        {
            if (!_waiters.TryGetValue(id, out var change))
            {
                change = new TaskCompletionSource<Refund>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters[id] = change;
            }
            return change.Task;
        }
    }

    public void Changed(Refund refund)
    {
        TaskCompletionSource<Refund>? change;
        lock (_waiters)
        {
            _waiters.Remove(refund.Id, out change);
        }
        change?.TrySetResult(refund);
    }

    // A wait that ends without a change leaves nothing behind (unknown ids included).
    private void Forget(string id, Task<Refund> acquired)
    {
        lock (_waiters)
        {
            if (_waiters.TryGetValue(id, out var change) && change.Task == acquired && !acquired.IsCompleted)
            {
                _waiters.Remove(id);
            }
        }
    }

    /// <summary>Answers as soon as <paramref name="done"/> holds or <paramref name="wait"/> has passed (on <paramref name="time"/>).</summary>
    public async Task<Refund?> WaitAsync(string id, Func<Refund, bool> done, Func<Refund?> read, TimeSpan wait, TimeProvider time, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var next = Next(id);
            var refund = read();
            var left = wait - time.GetElapsedTime(started);
            if (refund is null || done(refund) || left <= TimeSpan.Zero)
            {
                Forget(id, next);
                return refund;
            }
            try
            {
                await next.WaitAsync(left, time, ct);
            }
            catch (TimeoutException)
            {
                Forget(id, next);
                return read();
            }
        }
    }
}
