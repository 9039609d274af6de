namespace Gateway.Operations;

/// <summary>
/// Wakes long-polls (GET /payments/{id}?waitSeconds=N, GET /refunds/{id}?waitSeconds=N) when their operation's committed
/// state changes. Every long-poll on one id shares one completion source, so the waiters are counted: one that ends by
/// timeout (or on an unknown id) leaves the source to the others and, when it was the last, leaves nothing behind.
/// </summary>
/// <typeparam name="T">The operation's committed state (a payment, a refund).</typeparam>
public sealed class Waiters<T> where T : class
{
    private readonly Dictionary<string, (TaskCompletionSource<T> Change, int Count)> _waiters = new();

    /// <summary>Registers interest in the next committed state of <paramref name="id"/>. Acquire BEFORE reading the current state; always <see cref="Release"/>.</summary>
    public Task<T> Acquire(string id)
    {
        lock (_waiters)
        {
            var (change, count) = _waiters.TryGetValue(id, out var w)
                ? w
                : (new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously), 0);
            _waiters[id] = (change, count + 1);
            return change.Task;
        }
    }

    /// <summary>Gives back what <see cref="Acquire"/> handed out; the shared source goes only with its last waiter.</summary>
    public void Release(string id, Task<T> acquired)
    {
        lock (_waiters)
        {
            // A source already announced (and replaced by a fresh one for later waiters) is not this waiter's to count.
            if (!_waiters.TryGetValue(id, out var w) || w.Change.Task != acquired)
            {
                return;
            }
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

    /// <summary>Wakes everyone waiting on <paramref name="id"/> with its committed <paramref name="state"/>. Call after the commit.</summary>
    public void Announce(string id, T state)
    {
        TaskCompletionSource<T>? change = null;
        lock (_waiters)
        {
            if (_waiters.Remove(id, out var w))
            {
                change = w.Change;
            }
        }
        change?.TrySetResult(state);
    }

    /// <summary>How many ids have someone waiting (tests).</summary>
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

    /// <summary>How many are waiting on <paramref name="id"/> (tests).</summary>
    internal int WaitingOn(string id)
    {
        lock (_waiters)
        {
            return _waiters.TryGetValue(id, out var w) ? w.Count : 0;
        }
    }

    /// <summary>
    /// Re-reads the operation on every committed change until <paramref name="done"/> holds or no time is <paramref name="left"/>
    /// (on <paramref name="time"/>); answers null for an unknown id.
    /// </summary>
    public async Task<T?> WaitUntilAsync(string id, Func<CancellationToken, ValueTask<T?>> read, Func<T, bool> done, Func<TimeSpan> left,
        TimeProvider time, CancellationToken ct)
    {
        while (true)
        {
            var changed = Acquire(id);
            try
            {
                var current = await read(ct);
                var remaining = left();
                if (current is null || done(current) || remaining <= TimeSpan.Zero)
                {
                    return current;
                }
                T next;
                try
                {
                    next = await changed.WaitAsync(remaining, time, ct);
                }
                catch (TimeoutException)
                {
                    return await read(ct);
                }
                if (done(next))
                {
                    return next; // the committed state, as announced: no second read on the way to the client
                }
            }
            finally
            {
                Release(id, changed);
            }
        }
    }
}
