using System.Collections.Concurrent;
using Gateway.Operations;
using Gateway.WebMoney;

namespace Gateway.Payments;

/// <summary>
/// What the processor keeps in memory for a payment it drives: its lock, the client of its identity, its monotonic
/// deadlines, and the hand-over between a status poll in flight and the cashier's cancel (the poll is abandoned).
/// </summary>
internal sealed class PaymentContext(SemaphoreSlim gate, Func<IWebMoneyClient?> client, TimeSpan deadline, TimeSpan createDeadline)
{
    /// <summary>The payment's lock in the engine (<see cref="Operations.OperationEngine{T}.LockOf"/>).</summary>
    public SemaphoreSlim Lock { get; } = gate;
    public IWebMoneyClient? Client => client();
    /// <summary>Monotonic deadline (see <see cref="PaymentProcessor.Elapsed"/>).</summary>
    public TimeSpan Deadline { get; } = deadline;
    /// <summary>Monotonic end of the create phase.</summary>
    public TimeSpan CreateDeadline { get; } = createDeadline;

    private readonly object _gate = new();
    private CancellationTokenSource? _poll;
    private int _cashierWaiting;

    /// <summary>A status poll begins: its token is cancelled when the cashier's cancel wants the payment (at once if it already waits).</summary>
    public CancellationTokenSource BeginPoll()
    {
        var poll = new CancellationTokenSource();
        bool abandon;
        lock (_gate)
        {
            _poll = poll;
            abandon = _cashierWaiting > 0;
        }
        if (abandon)
        {
            poll.Cancel();
        }
        return poll;
    }

    public void EndPoll(CancellationTokenSource poll)
    {
        lock (_gate)
        {
            if (_poll == poll)
            {
                _poll = null;
            }
        }
        poll.Dispose(); // IsCancellationRequested still reads after this
    }

    /// <summary>The cashier's cancel waits for the lock: a status poll in flight is abandoned.</summary>
    public void CashierWaits()
    {
        CancellationTokenSource? poll;
        lock (_gate)
        {
            _cashierWaiting++;
            poll = _poll;
        }
        try
        {
            // Outside the gate: the poll's continuation may run inline.
            poll?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The poll ended meanwhile: nothing to abandon.
        }
    }

    public void CashierDone()
    {
        lock (_gate)
        {
            _cashierWaiting--;
        }
    }
}

/// <summary>The contexts of the payments the processor drives, with their monotonic deadlines; each lock is the engine's.</summary>
internal sealed class PaymentContexts(OperationEngine<JournalEntry> engine, TimeProvider time, TimeSpan createTimeout)
{
    private readonly ConcurrentDictionary<string, PaymentContext> _contexts = new();

    /// <summary>A new payment's context, made before its row exists (a cancel that finds the row waits for the create).</summary>
    public PaymentContext Track(JournalEntry entry, Func<IWebMoneyClient?> client)
    {
        var context = New(entry, client);
        _contexts[entry.Payment.Id] = context;
        return context;
    }

    /// <summary>
    /// The payment's context; after a restart it gets the current settings of its identity (<paramref name="identityClient"/>),
    /// read at every call: settings unusable at start-up (a locked file, an expired certificate) and fixed later must not
    /// leave it without WebMoney for good. Its deadline stays the journalled one.
    /// </summary>
    public PaymentContext Of(JournalEntry entry, Func<IWebMoneyClient?> identityClient) =>
        _contexts.GetOrAdd(entry.Payment.Id, _ => New(entry, identityClient));

    /// <summary>Nothing more to do for it: its context, its lock and its place in the queue go.</summary>
    public void Forget(string id)
    {
        engine.Forget(id);
        _contexts.TryRemove(id, out _);
    }

    private PaymentContext New(JournalEntry entry, Func<IWebMoneyClient?> client) =>
        new(engine.LockOf(entry.Payment.Id), client, MonotonicDeadline(entry), MonotonicCreateDeadline(entry));

    private TimeSpan MonotonicDeadline(JournalEntry entry) => engine.Elapsed + (entry.Payment.Deadline - time.GetUtcNow());

    /// <summary>The create phase ends at the deadline or Gateway:CreateTimeoutSeconds after the payment began, whichever first.</summary>
    private TimeSpan MonotonicCreateDeadline(JournalEntry entry)
    {
        var deadline = MonotonicDeadline(entry);
        var createEnd = engine.Elapsed + (entry.Payment.CreatedAt + createTimeout - time.GetUtcNow());
        return createEnd < deadline ? createEnd : deadline;
    }
}
