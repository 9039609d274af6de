using Gateway.Journal;
using Gateway.WebMoney;
using WebMoneyContract;

namespace Gateway.Payments;

/// <summary>Commit then announce, the per-payment contexts (lock, monotonic deadlines) and the schedule after an ending.</summary>
public sealed partial class PaymentProcessor
{
    private void AfterFinal(JournalEntry entry)
    {
        LogFinal(entry.Payment.Id, entry.Payment.Status, entry.Payment.Error?.Code, entry.Payment.Unresolved);
        ScheduleRecheck(entry); // an uncertain ending: its first background check
    }

    /// <summary>Schedules the next background check the journal names (the first one, if none was made yet); none past the horizon.</summary>
    private void ScheduleRecheck(JournalEntry entry)
    {
        var at = PaymentLifecycle.RecheckDueAt(entry, _time.GetUtcNow(), RecheckFirst);
        if (at is null)
        {
            Forget(entry); // resolved, or the horizon passed: an unresolved one stays for the administrator (attention list)
            return;
        }
        var delay = at.Value - _time.GetUtcNow();
        Scheduler.Schedule(entry.Payment.Id, Elapsed + (delay > TimeSpan.Zero ? delay : TimeSpan.Zero));
    }

    private async Task<JournalEntry> CommitAsync(JournalEntry current, JournalEntry next, bool announce = true)
    {
        if (next == current)
        {
            // Nothing changed (a pending payment answered "still waiting"): no write, no fsync. At 5,000 pending
            // payments that is 1,000 commits a second saved (docs/benchmarks.md, B3).
            return current;
        }
        next = next with { Payment = next.Payment with { Version = current.Payment.Version + 1 } };
        if (!await _journal.TryUpdateAsync(next, current.Payment.Version, CancellationToken.None))
        {
            // Another writer got there first (it cannot, under the per-payment lock, unless a second process
            // shares the file): the journal wins.
            LogConflict(current.Payment.Id);
            return await _journal.ReloadAsync(current.Payment.Id, CancellationToken.None) ?? current;
        }
        if (next.Payment.LatePaid && !current.Payment.LatePaid)
        {
            // Committed, and said in the log before anyone is told: the administrator's record comes first.
            LogLatePaid(next.Payment.Id, next.Payment.TransactionId, next.Payment.Amount, next.Payment.Status);
        }
        if (announce && next.Payment with { Version = 0 } != current.Payment with { Version = 0 })
        {
            await _announcer.AnnounceAsync(next.Payment.Id, current.Payment, next.Payment);
        }
        return next;
    }

    private PaymentContext Track(JournalEntry entry, WebMoneyConnection connection)
    {
        var client = _clients.GetClient(connection);
        var context = new PaymentContext(() => client, MonotonicDeadline(entry), MonotonicCreateDeadline(entry));
        _contexts[entry.Payment.Id] = context;
        return context;
    }

    /// <summary>
    /// After a restart the payment gets the current settings of its identity (the PosNumber it went out under), read
    /// at every call: settings unusable at start-up (a locked file, an expired certificate) and fixed later must not
    /// leave it without WebMoney for good. Its deadline stays the journalled one.
    /// </summary>
    private PaymentContext NewContext(JournalEntry entry) => new(
        () => IdentityClient(entry.Payment),
        MonotonicDeadline(entry), MonotonicCreateDeadline(entry));

    private TimeSpan MonotonicDeadline(JournalEntry entry) => Elapsed + (entry.Payment.Deadline - _time.GetUtcNow());

    /// <summary>The create phase ends at the deadline or Gateway:CreateTimeoutSeconds after the payment began, whichever first.</summary>
    private TimeSpan MonotonicCreateDeadline(JournalEntry entry) =>
        Min(MonotonicDeadline(entry), Elapsed + (entry.Payment.CreatedAt + TimeSpan.FromSeconds(_options.CreateTimeoutSeconds) - _time.GetUtcNow()));

    private void Forget(JournalEntry entry)
    {
        Scheduler.Unschedule(entry.Payment.Id);
        _contexts.TryRemove(entry.Payment.Id, out _);
    }

    private sealed class PaymentContext(Func<IWebMoneyClient?> client, TimeSpan deadline, TimeSpan createDeadline)
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);
        public IWebMoneyClient? Client => client();
        /// <summary>Monotonic deadline (see <see cref="Elapsed"/>).</summary>
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
}
