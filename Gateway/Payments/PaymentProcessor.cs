using Gateway.Operations;
using Gateway.Settings;
using Gateway.WebMoney;
using Microsoft.Extensions.Options;
using WebMoneyContract;

namespace Gateway.Payments;

/// <summary>
/// Executes the rules of <see cref="PaymentLifecycle"/> on the <see cref="OperationEngine{T}"/> (per-payment lock,
/// versioned commit, announcement, due queue): for each pass it takes the payment's lock, calls WebMoney within the
/// time budget, hands the decision to the engine to commit and announce, and schedules what the decision says next.
/// This file: the create, the resume after a restart, the due passes and the per-payment contexts; the poll, the
/// endings and the background checks in <c>.Endings.cs</c>; requests from outside (the cashier's cancel, the
/// administrator's check, reconciliation's repair) in <c>.Requests.cs</c>.
/// </summary>
public sealed partial class PaymentProcessor
{
    /// <summary>One poll's own timeout is min(10 s, time left) (SPEC §4): <see cref="CallBudget"/>.</summary>
    public static readonly TimeSpan MaxCallTimeout = CallBudget.MaxCallTimeout;

    private readonly IPaymentStore _journal;
    private readonly IWebMoneyClientFactory _clients;
    private readonly ISettingsStore _settings;
    private readonly TimeProvider _time;
    private readonly OperationEngine<JournalEntry> _engine;
    private readonly PaymentCalls _calls;
    private readonly GatewayOptions _options;
    private readonly ILogger<PaymentProcessor> _logger;
    private readonly PaymentContexts _contexts;

    public PaymentProcessor(IPaymentStore journal, IWebMoneyClientFactory clients, ISettingsStore settings, TimeProvider time,
        IEnumerable<IPaymentObserver> observers, IOptions<GatewayOptions> options, ILogger<PaymentProcessor> logger,
        IWorkLeases? leases = null, Waiters<Payment>? waiters = null)
    {
        _leases = leases;
        _waiters = waiters;
        _journal = journal;
        _clients = clients;
        _settings = settings;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _engine = new OperationEngine<JournalEntry>(new PaymentEngineStore(journal), observers, time, logger, Committed);
        _calls = new PaymentCalls(() => Elapsed, logger);
        _contexts = new PaymentContexts(_engine, time, TimeSpan.FromSeconds(_options.CreateTimeoutSeconds));
    }

    public PollScheduler Scheduler => _engine.Scheduler;

    /// <summary>Monotonic time since start: deadlines and polls are measured on it, so a wall-clock jump moves neither.</summary>
    public TimeSpan Elapsed => _engine.Elapsed;

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
        var client = _clients.GetClient(connection);
        var context = _contexts.Track(entry, () => client);
        await context.Lock.WaitAsync(CancellationToken.None);
        try
        {
            var begun = await _journal.TryBeginCreateAsync(entry, idempotencyKey, requestHash, ct);
            if (begun is not CreateResult.Created)
            {
                Forget(entry);
                return begun;
            }
            LogCreated(entry.Payment.Id, entry.Payment.TerminalId, entry.Payment.Amount, entry.Payment.PaymentSystem);
            await _engine.AnnounceAsync(null, entry);
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
                _engine.ScheduleAt(entry.Payment.Id, Elapsed + PollInterval);
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
        // Over the whole journal: on a shared one, once an hour across the nodes (the first node to start after it is due).
        if (_leases is null || await _leases.TryStartJobAsync(PruneJob, TimeSpan.FromHours(1)))
        {
            await _journal.PruneIdempotencyAsync(_time.GetUtcNow(), ct);
        }
        var active = await _journal.LoadActiveAsync(ct);
        foreach (var entry in active)
        {
            var context = ContextOf(entry);
            if (entry.Payment.IsFinal)
            {
                ScheduleRecheck(entry);
                continue;
            }
            // Spread resumed polls over one interval so they do not fire in lockstep.
            var jitter = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * PollInterval.TotalMilliseconds);
            _engine.ScheduleAt(entry.Payment.Id, Min(now + jitter, context.Deadline));
        }
        LogResumed(active.Count);
    }

    /// <summary>Handles one due payment: the pass <see cref="PaymentLifecycle.DuePass"/> names. Never throws.</summary>
    public async Task RunDueAsync(string id, CancellationToken ct)
    {
        if (await RunPassAsync(id, ct))
        {
            await CarryOutCancelRequestAsync(id); // a cashier's cancel handed over by another node comes first
        }
    }

    /// <returns>True when, instead of the pass, a cashier's cancel another node handed over is to be carried out.</returns>
    private async Task<bool> RunPassAsync(string id, CancellationToken ct)
    {
        try
        {
            var entry = await _journal.GetAsync(id, ct);
            if (entry is null)
            {
                return false;
            }
            var context = ContextOf(entry);
            await context.Lock.WaitAsync(ct);
            try
            {
                (entry, var cancelRequested) = await LoadForWorkAsync(id, ct);
                if (entry is null || cancelRequested)
                {
                    return cancelRequested; // not this node's (any more), nothing sent; or the handed-over cancel first
                }
                switch (PaymentLifecycle.DuePass(entry))
                {
                    case Pass.FollowUpCreate:
                        await FollowUpCreateAsync(context, entry);
                        break;
                    case Pass.Recheck:
                        await RecheckAsync(context, entry);
                        break;
                    case Pass.ResumeCreate:
                        await RunCreateAsync(context, PaymentLifecycle.OnCreateResumed(entry));
                        break;
                    case Pass.Poll:
                        await PollAsync(context, entry);
                        break;
                }
            }
            finally
            {
                context.Lock.Release();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (LeaseLostException)
        {
            // The next pass claims the row again: still this node's, it goes on from the stored row; else forgotten.
            LogLeaseLost(id);
            _engine.ScheduleAt(id, Elapsed + PollInterval);
        }
        catch (Exception ex)
        {
            LogPassFailed(ex, id);
            _engine.ScheduleAt(id, Elapsed + PollInterval);
        }
        return false;
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
            var timeout = CallBudget.Within(createLeft > TimeSpan.Zero ? Min(createLeft, left) : left);
            if (until is { } end)
            {
                timeout = Min(timeout, end - Elapsed);
            }
            var client = timeout > TimeSpan.Zero ? context.Client : null;
            var outcome = client is not null
                ? await _calls.Guard(() => client.CreateQrPaymentAsync(command, timeout, CancellationToken.None))
                : PaymentCalls.NoClient<QrCreated>(timeout);
            _calls.Note(payment.Id, PosApi.CreateQrPayment, outcome);
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
                    _engine.ScheduleAt(payment.Id, Min(Elapsed + PollInterval, context.Deadline));
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

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static CreateQrCommand CreateCommand(Payment payment) =>
        new(payment.Id, payment.PaymentSystem.WireName(), payment.Amount, payment.Currency, payment.Description);
}
