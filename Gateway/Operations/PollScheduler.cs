namespace Gateway.Operations;

/// <summary>
/// A timer queue of payment ids keyed by monotonic due time: one loop serves every pending payment, so
/// 1,000 payments need no 1,000 timers or threads. Re-scheduling an id replaces its previous due time.
/// </summary>
public sealed class PollScheduler
{
    private readonly object _gate = new();
    private readonly PriorityQueue<string, TimeSpan> _queue = new();
    private readonly Dictionary<string, TimeSpan> _due = new();
    private TaskCompletionSource _wake = NewWake();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _due.Count;
            }
        }
    }

    /// <param name="id">The payment.</param>
    /// <param name="at">Monotonic time (elapsed since the processor started) when it is due.</param>
    public void Schedule(string id, TimeSpan at)
    {
        TaskCompletionSource wake;
        lock (_gate)
        {
            _due[id] = at;
            _queue.Enqueue(id, at);
            wake = _wake;
            _wake = NewWake();
        }
        wake.TrySetResult();
    }

    public void Unschedule(string id)
    {
        lock (_gate)
        {
            _due.Remove(id);
        }
    }

    /// <summary>Removes and returns the ids due at <paramref name="now"/>; also when the next one is due and a task that completes on any change.</summary>
    public (List<string> Due, TimeSpan? Next, Task Changed) TakeDue(TimeSpan now)
    {
        var due = new List<string>();
        lock (_gate)
        {
            while (_queue.TryPeek(out var id, out var at))
            {
                if (!_due.TryGetValue(id, out var current) || current != at)
                {
                    _queue.Dequeue(); // stale: re-scheduled or removed since
                    continue;
                }
                if (at > now)
                {
                    return (due, at, _wake.Task);
                }
                _queue.Dequeue();
                _due.Remove(id);
                due.Add(id);
                Observability.GatewayMetrics.RecordPollLateness(now - at);
            }
            return (due, null, _wake.Task);
        }
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
