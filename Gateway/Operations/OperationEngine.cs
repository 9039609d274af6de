using System.Collections.Concurrent;

namespace Gateway.Operations;

/// <summary>Where an operation's committed state lives, as the engine needs it: a version-checked write and a re-read.</summary>
/// <typeparam name="T">The operation's state (a payment's journal entry, a refund).</typeparam>
public interface IOperationStore<T> where T : class
{
    string IdOf(T state);

    long VersionOf(T state);

    T WithVersion(T state, long version);

    /// <summary>Writes <paramref name="next"/> if the row is still at <paramref name="expectedVersion"/>.</summary>
    Task<bool> TryUpdateAsync(T next, long expectedVersion);

    /// <summary>The row as stored now (after a version conflict).</summary>
    Task<T?> ReloadAsync(string id);

    /// <summary>Whether a committed change is one to announce (a change of bookkeeping only is not).</summary>
    bool IsVisibleChange(T before, T after);
}

/// <summary>
/// The executor payments and refunds share (issue #24): one caller per operation at a time (a per-id async lock), the
/// queue of due steps on a monotonic clock, the versioned commit (a version conflict handled here, once: the stored
/// row wins) and the announcement of each committed change to the operation's observers (long-polls, metrics,
/// history, the display), after what must be said in the log. The rules (payments' and refunds' lifecycles) decide;
/// the processors call WebMoney within the time budget and hand each decision here.
/// </summary>
public sealed partial class OperationEngine<T> where T : class
{
    private readonly IOperationStore<T> _store;
    private readonly Announcer<T> _announcer;
    private readonly Action<T, T>? _committed;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();
    private readonly long _started;

    /// <param name="store">The operation's rows.</param>
    /// <param name="observers">Told about every visible committed change, in order.</param>
    /// <param name="time">The clock of the due queue.</param>
    /// <param name="logger">The processor's logger.</param>
    /// <param name="committed">Called after a write and before the announcement: what the log must say first.</param>
    public OperationEngine(IOperationStore<T> store, IEnumerable<IOperationObserver<T>> observers, TimeProvider time, ILogger logger,
        Action<T, T>? committed = null)
    {
        _store = store;
        _announcer = new Announcer<T>(observers, logger);
        _committed = committed;
        _time = time;
        _logger = logger;
        _started = time.GetTimestamp();
    }

    /// <summary>The due steps (polls, re-sends, background checks), by monotonic due time.</summary>
    public PollScheduler Scheduler { get; } = new();

    /// <summary>Monotonic time since start: due times and deadlines are measured on it, so a wall-clock jump moves neither.</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    /// <summary>The operation's lock: one caller at a time, so a poll, a cashier's request and a check never race on a row.</summary>
    public SemaphoreSlim LockOf(string id) => _locks.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));

    /// <summary>Its next step is due at <paramref name="at"/> (monotonic, see <see cref="Elapsed"/>); replaces an earlier due time.</summary>
    public void ScheduleAt(string id, TimeSpan at) => Scheduler.Schedule(id, at);

    /// <summary>Nothing more to do for it: off the queue, its lock let go.</summary>
    public void Forget(string id)
    {
        Scheduler.Unschedule(id);
        _locks.TryRemove(id, out _);
    }

    /// <summary>
    /// Commits <paramref name="next"/> over <paramref name="current"/> (its version + 1), says what the log must say,
    /// then announces a visible change (unless <paramref name="announce"/> is false). Nothing changed: no write. A
    /// version conflict (another writer: it cannot happen under the lock unless a second process shares the file):
    /// the stored row wins and is returned.
    /// </summary>
    public async Task<T> CommitAsync(T current, T next, bool announce = true) => (await TryCommitAsync(current, next, announce)).State;

    /// <summary>As <see cref="CommitAsync"/>; <c>Conflict</c>: the write lost to another writer and <c>State</c> is the stored row.</summary>
    public async Task<(T State, bool Conflict)> TryCommitAsync(T current, T next, bool announce = true)
    {
        if (EqualityComparer<T>.Default.Equals(next, current))
        {
            // Nothing changed (a pending payment answered "still waiting"): no write, no fsync. At 5,000 pending
            // payments that is 1,000 commits a second saved (docs/benchmarks.md, B3).
            return (current, false);
        }
        var id = _store.IdOf(current);
        var version = _store.VersionOf(current);
        next = _store.WithVersion(next, version + 1);
        if (!await _store.TryUpdateAsync(next, version))
        {
            LogConflict(id);
            return (await _store.ReloadAsync(id) ?? current, true);
        }
        _committed?.Invoke(current, next);
        if (announce && _store.IsVisibleChange(current, next))
        {
            await _announcer.AnnounceAsync(id, current, next);
        }
        return (next, false);
    }

    /// <summary>Announces a state committed elsewhere (a new row, a repair the store made in one statement).</summary>
    public Task AnnounceAsync(T? before, T after) => _announcer.AnnounceAsync(_store.IdOf(after), before, after);

    /// <summary>Tells the observers that a request from outside reached the operation (before it is carried out).</summary>
    public Task AnnounceRequestAsync(T current, OperationRequest request) => _announcer.AnnounceRequestAsync(_store.IdOf(current), current, request);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Row of {OperationId} changed under the processor; re-read")]
    private partial void LogConflict(string operationId);
}
