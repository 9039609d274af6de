using System.Collections.Concurrent;
using Gateway.Journal;
using Gateway.Settings;
using Gateway.WebMoney;
using Microsoft.Extensions.Options;
using WebMoneyContract;

namespace Gateway.Payments;

/// <summary>
/// Executes the rules of <see cref="PaymentLifecycle"/>: talks to WebMoney, commits each change to the
/// journal, then announces it. One payment is handled by one caller at a time (a per-payment async lock),
/// so a poll, a cashier cancel and the deadline never race on the same row.
/// </summary>
public sealed partial class PaymentProcessor
{
    /// <summary>One poll's own timeout is min(10 s, time left) (SPEC §4).</summary>
    public static readonly TimeSpan MaxCallTimeout = TimeSpan.FromSeconds(10);

    private readonly PaymentJournal _journal;
    private readonly IWebMoneyClientFactory _clients;
    private readonly ISettingsStore _settings;
    private readonly TimeProvider _time;
    private readonly IPaymentObserver[] _observers;
    private readonly GatewayOptions _options;
    private readonly ILogger<PaymentProcessor> _logger;
    private readonly ConcurrentDictionary<string, PaymentContext> _contexts = new();
    private readonly long _started;

    public PaymentProcessor(PaymentJournal journal, IWebMoneyClientFactory clients, ISettingsStore settings, TimeProvider time,
        IEnumerable<IPaymentObserver> observers, IOptions<GatewayOptions> options, ILogger<PaymentProcessor> logger)
    {
        _journal = journal;
        _clients = clients;
        _settings = settings;
        _time = time;
        _observers = observers.ToArray();
        _options = options.Value;
        _logger = logger;
        _started = time.GetTimestamp();
    }

    public PollScheduler Scheduler { get; } = new();

    /// <summary>Monotonic time since start: deadlines and polls are measured on it, so a wall-clock jump moves neither.</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    public TimeSpan PollInterval => TimeSpan.FromSeconds(_options.PollIntervalSeconds);

    /// <summary>Background checks of uncertain endings: by default first after this (then see <see cref="PaymentLifecycle.NextRecheckAt"/>).</summary>
    public static readonly TimeSpan RecheckFirstInterval = TimeSpan.FromSeconds(30);

    /// <summary>The first background check's delay as configured (<see cref="GatewayOptions.RecheckFirstIntervalSeconds"/>).</summary>
    public TimeSpan RecheckFirst => TimeSpan.FromSeconds(_options.RecheckFirstIntervalSeconds);
    public static TimeSpan RecheckMaxInterval => PaymentLifecycle.RecheckMaxInterval;
    public static TimeSpan RecheckHorizon => PaymentLifecycle.RecheckHorizon;

    /// <summary>Inserts the payment, then asks WebMoney for the QR (retrying technical errors within the deadline).</summary>
    public async Task<CreateOutcome> CreateAsync(JournalEntry entry, WebMoneyConnection connection, string? idempotencyKey,
        string requestHash, CancellationToken ct)
    {
        // The context (and its lock, taken now) exists before the row does: a cancel that finds the new row
        // waits for the create instead of racing it with a context of its own.
        var context = Track(entry, connection);
        await context.Lock.WaitAsync(CancellationToken.None);
        try
        {
            var begun = await _journal.TryBeginCreateAsync(entry, idempotencyKey, requestHash, ct);
            if (begun is not BeginCreateResult.Inserted)
            {
                _contexts.TryRemove(entry.Payment.Id, out _);
                return new CreateOutcome(begun, null);
            }
            LogCreated(entry.Payment.Id, entry.Payment.TerminalId, entry.Payment.Amount, entry.Payment.PaymentSystem);
            await AnnounceAsync(entry.Payment);
            try
            {
                var done = await RunCreateAsync(context, entry);
                return new CreateOutcome(begun, done.Payment);
            }
            catch (Exception ex)
            {
                // The row exists: whatever broke (the journal, most likely), the poller takes it from here and
                // drives it to its deadline, so the terminal is never left busy for good.
                LogPassFailed(ex, entry.Payment.Id);
                Scheduler.Schedule(entry.Payment.Id, Elapsed + PollInterval);
                throw;
            }
        }
        finally
        {
            context.Lock.Release();
        }
    }

    /// <summary>
    /// The cashier cancels: cancel at WebMoney, then one final status check (paid wins); for an unresolved ending,
    /// a cancel and a status check again. Answers within Gateway:CancelTimeoutSeconds in total: what WebMoney has
    /// not said by then stays unresolved, and the background checks go on.
    /// </summary>
    public async Task<Payment?> CancelAsync(string id, CancellationToken ct)
    {
        var until = Elapsed + CancelTimeout;
        var work = CancelWithinAsync(id, until, ct);
        try
        {
            // Waiting for the lock (a poll in flight) counts too; the cancel itself goes on in the background.
            return await work.WaitAsync(CancelTimeout + TimeSpan.FromSeconds(1), _time, ct);
        }
        catch (TimeoutException)
        {
            return (await _journal.GetAsync(id, CancellationToken.None))?.Payment;
        }
    }

    private TimeSpan CancelTimeout => TimeSpan.FromSeconds(_options.CancelTimeoutSeconds);

    private async Task<Payment?> CancelWithinAsync(string id, TimeSpan until, CancellationToken ct)
    {
        var entry = await _journal.GetAsync(id, ct);
        if (entry is null || !Cancellable(entry))
        {
            return entry?.Payment;
        }
        var context = _contexts.GetOrAdd(id, _ => NewContext(entry));
        await context.Lock.WaitAsync(ct);
        try
        {
            entry = await _journal.GetAsync(id, CancellationToken.None);
            if (entry is null || !Cancellable(entry))
            {
                return entry?.Payment;
            }
            if (entry.Payment.IsFinal)
            {
                return (await RecheckAsync(context, entry, forceCancel: true, until)).Payment;
            }
            if (entry.Payment.QrPayload is null)
            {
                // No QR reached the customer: nothing at WebMoney can be paid yet. Still ask, with the same
                // ExternalId, so a transaction created by a lost answer gets cancelled too.
                entry = await RunCreateAsync(context, entry, until);
                if (entry.Payment.IsFinal)
                {
                    return entry.Payment;
                }
            }
            return (await EndAsync(context, entry, EndReason.Cashier, until)).Payment;
        }
        finally
        {
            context.Lock.Release();
        }
    }

    /// <summary>Pending, or ended without a definite "not paid" at a transaction WebMoney knows.</summary>
    private static bool Cancellable(JournalEntry entry) =>
        !entry.Payment.IsFinal || (entry.Payment.Unresolved && entry.Payment.TransactionId is not null);

    /// <summary>Loads what was in flight before a stop or crash and schedules it; resumes creates left between "sent" and "stored".</summary>
    public async Task ResumeAsync(CancellationToken ct)
    {
        var now = Elapsed;
        await _journal.PruneIdempotencyAsync(_time.GetUtcNow(), ct);
        var active = await _journal.LoadActiveAsync(ct);
        foreach (var entry in active)
        {
            var context = _contexts.GetOrAdd(entry.Payment.Id, _ => NewContext(entry));
            if (entry.Payment.IsFinal)
            {
                ScheduleRecheck(entry);
                continue;
            }
            // Spread resumed polls over one interval so they do not fire in lockstep.
            var jitter = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * PollInterval.TotalMilliseconds);
            Scheduler.Schedule(entry.Payment.Id, Min(now + jitter, context.Deadline));
        }
        LogResumed(active.Count);
    }

    /// <summary>Handles one due payment: a poll, the deadline, a resumed create or a background recheck. Never throws.</summary>
    public async Task RunDueAsync(string id, CancellationToken ct)
    {
        try
        {
            var entry = await _journal.GetAsync(id, ct);
            if (entry is null)
            {
                return;
            }
            var context = _contexts.GetOrAdd(id, _ => NewContext(entry));
            await context.Lock.WaitAsync(ct);
            try
            {
                entry = await _journal.GetAsync(id, ct);
                if (entry is null)
                {
                    return;
                }
                if (entry.Payment.IsFinal)
                {
                    if (entry.Payment.Unresolved)
                    {
                        await RecheckAsync(context, entry);
                    }
                    return;
                }
                if (entry.Payment.QrPayload is null)
                {
                    await RunCreateAsync(context, entry);
                    return;
                }
                await PollAsync(context, entry);
            }
            finally
            {
                context.Lock.Release();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogPassFailed(ex, id);
            Scheduler.Schedule(id, Elapsed + PollInterval);
        }
    }

    /// <summary>
    /// The create phase, bounded by the deadline and Gateway:CreateTimeoutSeconds. With <paramref name="until"/> (the
    /// cashier's cancel of a payment without a QR) one attempt only: a QR learnt then is stored but never announced.
    /// </summary>
    private async Task<JournalEntry> RunCreateAsync(PaymentContext context, JournalEntry entry, TimeSpan? until = null)
    {
        var payment = entry.Payment;
        var command = new CreateQrCommand(payment.Id, WirePaymentSystem.All[(int)payment.PaymentSystem], payment.Amount,
            payment.Currency, payment.Description);
        while (true)
        {
            var left = context.Deadline - Elapsed;
            var createLeft = context.CreateDeadline - Elapsed;
            // Past the create bound only after a restart: one call still learns (and cancels) a transaction a lost answer made.
            var timeout = Min(MaxCallTimeout, createLeft > TimeSpan.Zero ? Min(createLeft, left) : left);
            if (until is { } end)
            {
                timeout = Min(timeout, end - Elapsed);
            }
            var outcome = timeout > TimeSpan.Zero && context.Client is { } client
                ? await Guard(() => client.CreateQrPaymentAsync(command, timeout, CancellationToken.None))
                : NoClient<QrCreated>(timeout);
            Note(payment.Id, PosApi.CreateQrPayment, outcome);
            var decision = PaymentLifecycle.OnCreateAnswer(entry, outcome, _time.GetUtcNow(), createTimeOver: Elapsed >= context.CreateDeadline);
            var single = until is not null;
            // A QR learnt while the cashier is cancelling is never shown: the customer must not pay what is being cancelled.
            entry = await CommitAsync(entry, decision.Next, announce: !single || decision.Next.Payment.IsFinal);
            switch (decision.Then)
            {
                case Then.RetryCreate when !single:
                    var pause = Min(CreateRetryDelay, context.CreateDeadline - Elapsed);
                    if (pause > TimeSpan.Zero)
                    {
                        await Task.Delay(pause, _time);
                    }
                    continue;
                case Then.Poll when !single:
                    Scheduler.Schedule(payment.Id, Min(Elapsed + PollInterval, context.Deadline));
                    return entry;
                case Then.CancelLateQr:
                    var late = context.Client is { } c
                        ? await Guard(() => c.CancelPaymentAsync(entry.Payment.TransactionId!, Min(MaxCallTimeout, Max(left, TimeSpan.FromSeconds(1))), CancellationToken.None))
                        : NoClient<CancelAnswer>(TimeSpan.Zero);
                    LogLateQrCancelled(payment.Id, entry.Payment.TransactionId, Describe(late));
                    Forget(entry);
                    return entry;
                default:
                    if (entry.Payment.IsFinal)
                    {
                        Forget(entry);
                    }
                    return entry;
            }
        }
    }

    private TimeSpan CreateRetryDelay => Min(PollInterval, TimeSpan.FromSeconds(1));

    private async Task PollAsync(PaymentContext context, JournalEntry entry)
    {
        var started = Elapsed;
        var left = context.Deadline - started;
        if (left <= TimeSpan.Zero || entry.State.CancelRequested is not null)
        {
            // A cancel journalled before a crash is finished as it began (never read back as a decline).
            await EndAsync(context, entry, entry.State.CancelRequested ?? EndReason.Deadline);
            return;
        }
        var outcome = context.Client is { } client
            ? await Guard(() => client.GetPaymentStatusAsync(entry.Payment.TransactionId!, Min(MaxCallTimeout, left), CancellationToken.None))
            : NoClient<StatusAnswer>(left);
        Note(entry.Payment.Id, PosApi.GetPaymentStatus, outcome);
        var decision = PaymentLifecycle.OnStatusAnswer(entry, outcome, _time.GetUtcNow(), deadlinePassed: Elapsed >= context.Deadline);
        entry = await CommitAsync(entry, decision.Next);
        switch (decision.Then)
        {
            case Then.Poll:
                Scheduler.Schedule(entry.Payment.Id, Min(started + PollInterval, context.Deadline));
                break;
            case Then.EndByDeadline:
                await EndAsync(context, entry, EndReason.Deadline);
                break;
            case Then.CancelNow:
                LogFinal(entry.Payment.Id, entry.Payment.Status, entry.Payment.Error?.Code, entry.Payment.Unresolved);
                await RecheckAsync(context, entry, forceCancel: true);
                break;
            default:
                AfterFinal(entry);
                break;
        }
    }

    /// <summary>Cancel, then one final status check; with an end time (the cashier's cancel) both calls fit in it together.</summary>
    private async Task<JournalEntry> EndAsync(PaymentContext context, JournalEntry entry, EndReason reason, TimeSpan? until = null)
    {
        var transactionId = entry.Payment.TransactionId;
        // No transaction id: WebMoney never answered the create, so no QR reached the customer.
        var client = transactionId is null ? null : context.Client;
        if (client is not null && entry.State.CancelRequested != reason)
        {
            // Journalled before it is sent: a crash before the answer is stored must not read WebMoney's
            // "Cancelled" back as a decline.
            entry = await CommitAsync(entry, entry with { State = entry.State with { CancelRequested = reason } });
        }
        var cancel = client is null
            ? NoClient<CancelAnswer>(TimeSpan.Zero)
            : await CallAsync(Half(until), t => client.CancelPaymentAsync(transactionId!, t, CancellationToken.None));
        Note(entry.Payment.Id, PosApi.CancelPayment, cancel);
        var status = client is null
            ? NoClient<StatusAnswer>(TimeSpan.Zero)
            : await CallAsync(until, t => client.GetPaymentStatusAsync(transactionId!, t, CancellationToken.None));
        Note(entry.Payment.Id, PosApi.GetPaymentStatus, status);
        entry = await CommitAsync(entry, PaymentLifecycle.OnFinalCheck(entry, reason, cancel, status, _time.GetUtcNow()));
        AfterFinal(entry);
        return entry;
    }

    /// <summary>
    /// The cancel may take half of what is left: the status check after it is what decides paid or not, so a hanging
    /// cancel must leave it time.
    /// </summary>
    private TimeSpan? Half(TimeSpan? until) => until is { } end ? Elapsed + (end - Elapsed) / 2 : null;

    /// <summary>A call with min(10 s, what is left until <paramref name="until"/>) as its timeout; no time left is a timeout.</summary>
    private Task<WebMoneyOutcome<T>> CallAsync<T>(TimeSpan? until, Func<TimeSpan, Task<WebMoneyOutcome<T>>> call)
    {
        var timeout = until is { } end ? Min(MaxCallTimeout, end - Elapsed) : MaxCallTimeout;
        return timeout > TimeSpan.Zero ? Guard(() => call(timeout)) : Task.FromResult(NoClient<T>(TimeSpan.Zero));
    }

    /// <summary>
    /// A background check of an unresolved ending: cancel (unless WebMoney confirmed it), then the status. Also the
    /// "cancel at once" of an ending without a definite "not paid", and the cashier's cancel of one (forced).
    /// </summary>
    private async Task<JournalEntry> RecheckAsync(PaymentContext context, JournalEntry entry, bool forceCancel = false, TimeSpan? until = null)
    {
        var client = context.Client;
        var transactionId = entry.Payment.TransactionId!;
        WebMoneyOutcome<CancelAnswer>? cancel = null;
        if ((forceCancel || !entry.State.CancelConfirmed) && entry.Payment.Status != PaymentStatus.Paid)
        {
            cancel = client is null ? NoClient<CancelAnswer>(TimeSpan.Zero) : await CallAsync(Half(until), t => client.CancelPaymentAsync(transactionId, t, CancellationToken.None));
            Note(entry.Payment.Id, PosApi.CancelPayment, cancel);
        }
        var status = client is null ? NoClient<StatusAnswer>(TimeSpan.Zero) : await CallAsync(until, t => client.GetPaymentStatusAsync(transactionId, t, CancellationToken.None));
        Note(entry.Payment.Id, PosApi.GetPaymentStatus, status);
        var now = _time.GetUtcNow();
        var updated = await CommitAsync(entry, PaymentLifecycle.OnRecheck(entry, cancel, status, now,
            PaymentLifecycle.NextRecheckAt(entry, now, RecheckFirst)));
        ScheduleRecheck(updated);
        return updated;
    }

    private void AfterFinal(JournalEntry entry)
    {
        LogFinal(entry.Payment.Id, entry.Payment.Status, entry.Payment.Error?.Code, entry.Payment.Unresolved);
        if (entry.Payment.Unresolved)
        {
            ScheduleRecheck(entry with { State = entry.State with { NextRecheckAt = _time.GetUtcNow() + RecheckFirst } });
        }
        else
        {
            Forget(entry);
        }
    }

    /// <summary>Schedules the next background check the journal names (the first one, if none was made yet); none past the horizon.</summary>
    private void ScheduleRecheck(JournalEntry entry)
    {
        var at = entry.State.NextRecheckAt ?? (entry.State.Rechecks == 0 ? _time.GetUtcNow() + RecheckFirst : (DateTimeOffset?)null);
        if (!entry.Payment.Unresolved || at is null)
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
            await AnnounceAsync(next.Payment);
        }
        return next;
    }

    private async Task AnnounceAsync(Payment payment)
    {
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnPaymentChangedAsync(payment, CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogObserverFailed(ex, observer.GetType().Name, payment.Id);
            }
        }
    }

    private PaymentContext Track(JournalEntry entry, WebMoneyConnection connection)
    {
        var client = _clients.GetClient(connection);
        var context = new PaymentContext(() => client, MonotonicDeadline(entry), MonotonicCreateDeadline(entry));
        _contexts[entry.Payment.Id] = context;
        return context;
    }

    /// <summary>
    /// After a restart the payment gets the current settings, read at every call: settings unusable at start-up
    /// (a locked file, an expired certificate) and fixed later must not leave it without WebMoney for good.
    /// Its deadline stays the journalled one.
    /// </summary>
    private PaymentContext NewContext(JournalEntry entry) => new(
        () => _settings.Current.Connection is { } connection ? _clients.GetClient(connection) : null,
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

    /// <summary>The client promises outcome values; should anything still throw, it counts as a technical error.</summary>
    private async Task<WebMoneyOutcome<T>> Guard<T>(Func<Task<WebMoneyOutcome<T>>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex)
        {
            LogClientThrew(ex);
            return new WebMoneyOutcome<T>.TechnicalError(TechnicalErrorKind.Unreadable, "unexpected client error: " + ex.GetType().Name);
        }
    }

    private static WebMoneyOutcome<T> NoClient<T>(TimeSpan left) => new WebMoneyOutcome<T>.TechnicalError(
        left <= TimeSpan.Zero ? TechnicalErrorKind.Timeout : TechnicalErrorKind.Connect,
        left <= TimeSpan.Zero ? "deadline passed" : "settings unusable: no WebMoney connection");

    /// <summary>Every answer at debug level; what the administrator must see (an unknown status, a clock refusal) as a warning.</summary>
    private void Note<T>(string paymentId, string operation, WebMoneyOutcome<T> outcome)
    {
        LogOutcome(paymentId, operation, Describe(outcome));
        if (outcome is WebMoneyOutcome<T>.Success { Value: StatusAnswer answer } && !PaymentLifecycle.IsKnown(answer.Status))
        {
            LogUnknownStatus(paymentId, answer.Status);
        }
        else if (outcome is WebMoneyOutcome<T>.Refusal { ResultCode: ResultCodes.ClockSkew } refusal)
        {
            LogClockSkewRefusal(paymentId, operation, refusal.Message);
        }
    }

    private static string Describe<T>(WebMoneyOutcome<T> outcome) => outcome switch
    {
        WebMoneyOutcome<T>.Success => "success",
        WebMoneyOutcome<T>.Refusal r => $"refusal {r.ResultCode}: {r.Message}",
        WebMoneyOutcome<T>.TechnicalError t => $"technical error {t.Kind}: {t.Message}",
        _ => outcome.GetType().Name,
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class PaymentContext(Func<IWebMoneyClient?> client, TimeSpan deadline, TimeSpan createDeadline)
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);
        public IWebMoneyClient? Client => client();
        /// <summary>Monotonic deadline (see <see cref="Elapsed"/>).</summary>
        public TimeSpan Deadline { get; } = deadline;
        /// <summary>Monotonic end of the create phase.</summary>
        public TimeSpan CreateDeadline { get; } = createDeadline;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} created on terminal {TerminalId}: {Amount} via {PaymentSystem}")]
    private partial void LogCreated(string paymentId, string terminalId, decimal amount, PaymentSystem paymentSystem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Payment {PaymentId}: {Operation} → {Outcome}")]
    private partial void LogOutcome(string paymentId, string operation, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} ended {Status} ({ErrorCode}); unresolved: {Unresolved}")]
    private partial void LogFinal(string paymentId, PaymentStatus status, string? errorCode, bool unresolved);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LATE PAID: payment {PaymentId} (transaction {TransactionId}, {Amount}) ended {Status} but WebMoney now reports it paid. Check the receipt.")]
    private partial void LogLatePaid(string paymentId, string? transactionId, decimal amount, PaymentStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId}: a QR (transaction {TransactionId}) arrived after the create gave up; never shown, cancel sent: {Outcome}")]
    private partial void LogLateQrCancelled(string paymentId, string? transactionId, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId}: WebMoney answered status '{Status}', which is not in the contract; counted as a technical error")]
    private partial void LogUnknownStatus(string paymentId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId}: WebMoney refused {Operation} for clock skew (result code 11): this computer's clock is off WebMoney's; see readiness check 'clock'. {Message}")]
    private partial void LogClockSkewRefusal(string paymentId, string operation, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed {Count} active payment(s) from the journal")]
    private partial void LogResumed(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing payment {PaymentId} failed; it will be retried")]
    private partial void LogPassFailed(Exception ex, string paymentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal row of payment {PaymentId} changed under the processor; re-read")]
    private partial void LogConflict(string paymentId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The WebMoney client threw instead of answering an outcome; counted as a technical error")]
    private partial void LogClientThrew(Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Observer {Observer} failed on payment {PaymentId}")]
    private partial void LogObserverFailed(Exception ex, string observer, string paymentId);
}

/// <summary>What a create did: the journal's verdict, and the payment when it was inserted and processed.</summary>
public sealed record CreateOutcome(BeginCreateResult Begun, Payment? Payment);
