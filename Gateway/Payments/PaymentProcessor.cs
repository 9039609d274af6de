// Over ~250 lines on purpose: the four passes (create, poll, end, recheck) hand over to each other and read best together; the rest is in the partials.
using System.Collections.Concurrent;
using Gateway.Settings;
using Gateway.WebMoney;
using Microsoft.Extensions.Options;
using WebMoneyContract;

namespace Gateway.Payments;

/// <summary>
/// Executes the rules of <see cref="PaymentLifecycle"/>: for each pass it locks the payment, calls WebMoney,
/// commits the decision to the journal (then announces it) and schedules what the decision says next. One
/// payment is handled by one caller at a time (a per-payment async lock), so a poll, a cashier cancel and the
/// deadline never race on the same row. This file: the passes (create, poll, end, recheck); the cashier's cancel
/// in <c>.Cancel.cs</c>, the follow-up of a create given up in <c>.FollowUp.cs</c>, commit / contexts / schedule in
/// <c>.State.cs</c>, WebMoney call plumbing in <c>.Calls.cs</c>.
/// </summary>
public sealed partial class PaymentProcessor
{
    /// <summary>One poll's own timeout is min(10 s, time left) (SPEC §4).</summary>
    public static readonly TimeSpan MaxCallTimeout = TimeSpan.FromSeconds(10);

    private readonly IPaymentStore _journal;
    private readonly IWebMoneyClientFactory _clients;
    private readonly ISettingsStore _settings;
    private readonly TimeProvider _time;
    private readonly IPaymentObserver[] _observers;
    private readonly GatewayOptions _options;
    private readonly ILogger<PaymentProcessor> _logger;
    private readonly ConcurrentDictionary<string, PaymentContext> _contexts = new();
    private readonly long _started;

    public PaymentProcessor(IPaymentStore journal, IWebMoneyClientFactory clients, ISettingsStore settings, TimeProvider time,
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

    /// <summary>
    /// The first background check of an uncertain ending (<see cref="GatewayOptions.RecheckFirstIntervalSeconds"/>,
    /// default 30 s; then see <see cref="PaymentLifecycle.NextRecheckAt"/>).
    /// </summary>
    public TimeSpan RecheckFirst => TimeSpan.FromSeconds(_options.RecheckFirstIntervalSeconds);

    /// <summary>Inserts the payment, then asks WebMoney for the QR (retrying technical errors within the deadline).</summary>
    public async Task<CreateResult> CreateAsync(JournalEntry entry, WebMoneyConnection connection, string? idempotencyKey,
        string requestHash, CancellationToken ct)
    {
        // The context (and its lock, taken now) exists before the row does: a cancel that finds the new row
        // waits for the create instead of racing it with a context of its own.
        var context = Track(entry, connection);
        await context.Lock.WaitAsync(CancellationToken.None);
        try
        {
            var begun = await _journal.TryBeginCreateAsync(entry, idempotencyKey, requestHash, ct);
            if (begun is not CreateResult.Created)
            {
                _contexts.TryRemove(entry.Payment.Id, out _);
                return begun;
            }
            LogCreated(entry.Payment.Id, entry.Payment.TerminalId, entry.Payment.Amount, entry.Payment.PaymentSystem);
            await AnnounceAsync(entry.Payment);
            try
            {
                var done = await RunCreateAsync(context, entry);
                return new CreateResult.Created(done.Payment);
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

    /// <summary>
    /// Payments another node left (its lease expired, SPEC §14), scheduled as after a restart: with their journalled
    /// deadline and bookkeeping; a create caught between "sent" and "stored" is resumed by re-sending it.
    /// </summary>
    public void Adopt(JournalEntry entry)
    {
        var context = _contexts.GetOrAdd(entry.Payment.Id, _ => NewContext(entry));
        if (entry.Payment.IsFinal)
        {
            ScheduleRecheck(entry);
            return;
        }
        Scheduler.Schedule(entry.Payment.Id, Min(Elapsed, context.Deadline));
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
                    if (entry.Payment.Unresolved && entry.Payment.TransactionId is null)
                    {
                        await FollowUpCreateAsync(context, entry);
                    }
                    else if (entry.Payment.Unresolved)
                    {
                        await RecheckAsync(context, entry);
                    }
                    return;
                }
                if (entry.Payment.QrPayload is null)
                {
                    // Resumed (a restart, or a pass that broke off): the create may have gone out just before.
                    await RunCreateAsync(context, PaymentLifecycle.OnCreateResumed(entry));
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
        var command = CreateCommand(payment);
        while (true)
        {
            var left = context.Deadline - Elapsed;
            var createLeft = context.CreateDeadline - Elapsed;
            var startedLate = createLeft <= TimeSpan.Zero;
            // Past the create bound only after a restart: one call still learns (and cancels) a transaction a lost answer made.
            var timeout = Min(MaxCallTimeout, createLeft > TimeSpan.Zero ? Min(createLeft, left) : left);
            if (until is { } end)
            {
                timeout = Min(timeout, end - Elapsed);
            }
            var client = timeout > TimeSpan.Zero ? context.Client : null;
            var outcome = client is not null
                ? await Guard(() => client.CreateQrPaymentAsync(command, timeout, CancellationToken.None))
                : NoClient<QrCreated>(timeout);
            Note(payment.Id, PosApi.CreateQrPayment, outcome);
            var decision = PaymentLifecycle.OnCreateAnswer(entry, outcome, _time.GetUtcNow(), createTimeOver: Elapsed >= context.CreateDeadline, startedLate,
                sent: client is not null);
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
                    // Cancel and a status check now; until WebMoney confirms, the background checks send the cancel again.
                    entry = await RecheckAsync(context, entry, forceCancel: true, until);
                    LogLateQrCancelled(payment.Id, entry.Payment.TransactionId, entry.Payment.Unresolved ? "not confirmed yet, retried" : "confirmed");
                    return entry;
                default:
                    if (entry.Payment.IsFinal && entry.Payment.Unresolved)
                    {
                        AfterFinal(entry); // a create that may have reached WebMoney: followed up in the background
                    }
                    else if (entry.Payment.IsFinal)
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
        // The cashier's cancel abandons this call rather than wait behind it (SPEC §4: CancelPayment goes out at once).
        var abandon = context.BeginPoll();
        WebMoneyOutcome<StatusAnswer> outcome;
        try
        {
            outcome = context.Client is { } client
                ? await Guard(() => client.GetPaymentStatusAsync(entry.Payment.TransactionId!, Min(MaxCallTimeout, left), abandon.Token))
                : NoClient<StatusAnswer>(left);
        }
        finally
        {
            context.EndPoll(abandon);
        }
        if (abandon.IsCancellationRequested)
        {
            // Nothing is committed: the cancel's own final status check decides. Should the cancel not end it, polling goes on.
            LogPollAbandoned(entry.Payment.Id);
            Scheduler.Schedule(entry.Payment.Id, Min(started + PollInterval, context.Deadline));
            return;
        }
        Note(entry.Payment.Id, PosApi.GetPaymentStatus, outcome);
        // A call whose timeout was the time left and that timed out ran into the deadline, even when its timer
        // fired a few milliseconds early: the deadline's cancel and final check decide, not the error count.
        var ranIntoDeadline = Elapsed >= context.Deadline
            || (left <= MaxCallTimeout && outcome is WebMoneyOutcome<StatusAnswer>.TechnicalError { Kind: TechnicalErrorKind.Timeout });
        var decision = PaymentLifecycle.OnStatusAnswer(entry, outcome, _time.GetUtcNow(), deadlinePassed: ranIntoDeadline);
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
}
