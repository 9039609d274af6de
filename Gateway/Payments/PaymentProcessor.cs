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

    /// <summary>Background checks of uncertain endings: by default first after this, then doubling up to <see cref="RecheckMaxInterval"/>.</summary>
    public static readonly TimeSpan RecheckFirstInterval = TimeSpan.FromSeconds(30);

    /// <summary>The first background check's delay as configured (<see cref="GatewayOptions.RecheckFirstIntervalSeconds"/>).</summary>
    public TimeSpan RecheckFirst => TimeSpan.FromSeconds(_options.RecheckFirstIntervalSeconds);
    public static readonly TimeSpan RecheckMaxInterval = TimeSpan.FromMinutes(15);
    /// <summary>For how long after its creation an uncertain ending keeps being checked.</summary>
    public static readonly TimeSpan RecheckHorizon = TimeSpan.FromHours(12);

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

    /// <summary>The cashier cancels: cancel at WebMoney, then one final status check (paid wins).</summary>
    public async Task<Payment?> CancelAsync(string id, CancellationToken ct)
    {
        var entry = await _journal.GetAsync(id, ct);
        if (entry is null || entry.Payment.IsFinal)
        {
            return entry?.Payment;
        }
        var context = _contexts.GetOrAdd(id, _ => NewContext(entry));
        await context.Lock.WaitAsync(ct);
        try
        {
            entry = await _journal.GetAsync(id, CancellationToken.None);
            if (entry is null || entry.Payment.IsFinal)
            {
                return entry?.Payment;
            }
            if (entry.Payment.QrPayload is null)
            {
                // No QR reached the customer: nothing at WebMoney can be paid yet. Still ask, with the same
                // ExternalId, so a transaction created by a lost answer gets cancelled too.
                entry = await RunCreateAsync(context, entry, singleAttempt: true);
                if (entry.Payment.IsFinal)
                {
                    return entry.Payment;
                }
            }
            return (await EndAsync(context, entry, EndReason.Cashier)).Payment;
        }
        finally
        {
            context.Lock.Release();
        }
    }

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

    private async Task<JournalEntry> RunCreateAsync(PaymentContext context, JournalEntry entry, bool singleAttempt = false)
    {
        var payment = entry.Payment;
        var command = new CreateQrCommand(payment.Id, WirePaymentSystem.All[(int)payment.PaymentSystem], payment.Amount,
            payment.Currency, payment.Description);
        while (true)
        {
            var left = context.Deadline - Elapsed;
            var outcome = left > TimeSpan.Zero && context.Client is { } client
                ? await Guard(() => client.CreateQrPaymentAsync(command, Min(MaxCallTimeout, left), CancellationToken.None))
                : NoClient<QrCreated>(left);
            LogOutcome(payment.Id, PosApi.CreateQrPayment, Describe(outcome));
            var deadlinePassed = Elapsed >= context.Deadline;
            var next = PaymentLifecycle.OnCreateAnswer(entry, outcome, _time.GetUtcNow(), deadlinePassed);
            if (next is null)
            {
                entry = await CommitAsync(entry, entry with { State = entry.State with { TechnicalErrors = entry.State.TechnicalErrors + 1 } }, announce: !singleAttempt);
                if (singleAttempt)
                {
                    return entry;
                }
                var pause = Min(CreateRetryDelay, context.Deadline - Elapsed);
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, _time);
                }
                continue;
            }
            // A QR learnt while the cashier is cancelling is never shown: the customer must not pay what is being cancelled.
            entry = await CommitAsync(entry, next, announce: !singleAttempt);
            if (!entry.Payment.IsFinal)
            {
                Scheduler.Schedule(payment.Id, Min(Elapsed + PollInterval, context.Deadline));
            }
            else
            {
                Forget(entry);
            }
            return entry;
        }
    }

    private TimeSpan CreateRetryDelay => Min(PollInterval, TimeSpan.FromSeconds(1));

    private async Task PollAsync(PaymentContext context, JournalEntry entry)
    {
        var left = context.Deadline - Elapsed;
        if (left <= TimeSpan.Zero)
        {
            await EndAsync(context, entry, EndReason.Deadline);
            return;
        }
        var outcome = context.Client is { } client
            ? await Guard(() => client.GetPaymentStatusAsync(entry.Payment.TransactionId!, Min(MaxCallTimeout, left), CancellationToken.None))
            : NoClient<StatusAnswer>(left);
        LogOutcome(entry.Payment.Id, PosApi.GetPaymentStatus, Describe(outcome));
        entry = await CommitAsync(entry, PaymentLifecycle.OnStatusAnswer(entry, outcome, _time.GetUtcNow()));
        if (entry.Payment.IsFinal)
        {
            AfterFinal(entry);
            return;
        }
        Scheduler.Schedule(entry.Payment.Id, Min(Elapsed + PollInterval, context.Deadline));
    }

    private async Task<JournalEntry> EndAsync(PaymentContext context, JournalEntry entry, EndReason reason)
    {
        var transactionId = entry.Payment.TransactionId;
        // No transaction id: WebMoney never answered the create, so no QR reached the customer.
        var client = transactionId is null ? null : context.Client;
        var cancel = client is null
            ? NoClient<CancelAnswer>(TimeSpan.Zero)
            : await Guard(() => client.CancelPaymentAsync(transactionId!, MaxCallTimeout, CancellationToken.None));
        LogOutcome(entry.Payment.Id, PosApi.CancelPayment, Describe(cancel));
        var status = client is null
            ? NoClient<StatusAnswer>(TimeSpan.Zero)
            : await Guard(() => client.GetPaymentStatusAsync(transactionId!, MaxCallTimeout, CancellationToken.None));
        LogOutcome(entry.Payment.Id, PosApi.GetPaymentStatus, Describe(status));
        entry = await CommitAsync(entry, PaymentLifecycle.OnFinalCheck(entry, reason, cancel, status, _time.GetUtcNow()));
        AfterFinal(entry);
        return entry;
    }

    private async Task RecheckAsync(PaymentContext context, JournalEntry entry)
    {
        var client = context.Client;
        var transactionId = entry.Payment.TransactionId!;
        WebMoneyOutcome<CancelAnswer>? cancel = null;
        if (!entry.State.CancelConfirmed && entry.Payment.Status != PaymentStatus.Paid)
        {
            cancel = client is null ? NoClient<CancelAnswer>(TimeSpan.Zero) : await Guard(() => client.CancelPaymentAsync(transactionId, MaxCallTimeout, CancellationToken.None));
        }
        var status = client is null ? NoClient<StatusAnswer>(TimeSpan.Zero) : await Guard(() => client.GetPaymentStatusAsync(transactionId, MaxCallTimeout, CancellationToken.None));
        var now = _time.GetUtcNow();
        var next = now + Min(RecheckMaxInterval, RecheckFirst * Math.Pow(2, Math.Min(entry.State.Rechecks, 10)));
        DateTimeOffset? nextAt = next < entry.Payment.CreatedAt + RecheckHorizon ? next : null;
        var updated = await CommitAsync(entry, PaymentLifecycle.OnRecheck(entry, cancel, status, now, nextAt));
        ScheduleRecheck(updated);
    }

    private void AfterFinal(JournalEntry entry)
    {
        LogFinal(entry.Payment.Id, entry.Payment.Status, entry.Payment.Error?.Code, entry.Payment.Unresolved);
        if (entry.Payment.Unresolved)
        {
            var first = entry with { State = entry.State with { NextRecheckAt = _time.GetUtcNow() + RecheckFirst } };
            ScheduleRecheck(first);
        }
        else
        {
            Forget(entry);
        }
    }

    private void ScheduleRecheck(JournalEntry entry)
    {
        if (!entry.Payment.Unresolved)
        {
            Forget(entry);
            return;
        }
        var at = entry.State.NextRecheckAt ?? _time.GetUtcNow() + RecheckFirst;
        if (at > entry.Payment.CreatedAt + RecheckHorizon && entry.State.NextRecheckAt is null && entry.State.Rechecks > 0)
        {
            Forget(entry); // horizon passed: stays unresolved for the administrator (attention list)
            return;
        }
        var delay = at - _time.GetUtcNow();
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
            return await _journal.GetAsync(current.Payment.Id, CancellationToken.None) ?? current;
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
        var context = new PaymentContext(() => client, Elapsed + (entry.Payment.Deadline - _time.GetUtcNow()));
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
        Elapsed + (entry.Payment.Deadline - _time.GetUtcNow()));

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

    private static string Describe<T>(WebMoneyOutcome<T> outcome) => outcome switch
    {
        WebMoneyOutcome<T>.Success => "success",
        WebMoneyOutcome<T>.Refusal r => $"refusal {r.ResultCode}: {r.Message}",
        WebMoneyOutcome<T>.TechnicalError t => $"technical error {t.Kind}: {t.Message}",
        _ => outcome.GetType().Name,
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed class PaymentContext(Func<IWebMoneyClient?> client, TimeSpan deadline)
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);
        public IWebMoneyClient? Client => client();
        /// <summary>Monotonic deadline (see <see cref="Elapsed"/>).</summary>
        public TimeSpan Deadline { get; } = deadline;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} created on terminal {TerminalId}: {Amount} via {PaymentSystem}")]
    private partial void LogCreated(string paymentId, string terminalId, decimal amount, PaymentSystem paymentSystem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Payment {PaymentId}: {Operation} → {Outcome}")]
    private partial void LogOutcome(string paymentId, string operation, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} ended {Status} ({ErrorCode}); unresolved: {Unresolved}")]
    private partial void LogFinal(string paymentId, PaymentStatus status, string? errorCode, bool unresolved);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LATE PAID: payment {PaymentId} (transaction {TransactionId}, {Amount}) ended {Status} but WebMoney now reports it paid. Check the receipt.")]
    private partial void LogLatePaid(string paymentId, string? transactionId, decimal amount, PaymentStatus status);

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
