using System.Collections.Concurrent;
using Gateway.Operations;
using Gateway.Settings;
using Gateway.WebMoney;
using Microsoft.Extensions.Options;

namespace Gateway.Refunds;

/// <summary>
/// Executes the rules of <see cref="RefundLifecycle"/>: sends RefundPayment (always with the refund's own id as
/// RefundId), polls GetRefundStatus, commits each change to the refunds table, then announces it to the refund's
/// observers (<see cref="IOperationObserver{T}"/>: long-polls, metrics), as payments do. One refund is
/// handled by one caller at a time (a per-refund lock), so the POST and the poller never race on the same row.
/// </summary>
public sealed partial class RefundProcessor
{
    private readonly IRefundStore _journal;
    private readonly IWebMoneyClientFactory _clients;
    private readonly ISettingsStore _settings;
    private readonly TimeProvider _time;
    private readonly OperationEngine<Refund> _engine;
    private readonly RefundTiming _timing;
    private readonly ILogger<RefundProcessor> _logger;
    // A journal several nodes share (SPEC §14): each step claims the refund's lease first. Null on SQLite.
    private readonly IWorkLeases? _leases;
    // Refunds whose last pass may have sent RefundPayment without journalling what came of it (a restart, a pass that
    // broke off): their next pass starts from RefundLifecycle.OnResume.
    private readonly ConcurrentDictionary<string, bool> _interrupted = new();

    public RefundProcessor(IRefundStore journal, IWebMoneyClientFactory clients, ISettingsStore settings, TimeProvider time,
        IEnumerable<IOperationObserver<Refund>> observers, IOptions<GatewayOptions> options, ILogger<RefundProcessor> logger,
        IWorkLeases? leases = null)
    {
        _leases = leases;
        _journal = journal;
        _clients = clients;
        _settings = settings;
        _time = time;
        _engine = new OperationEngine<Refund>(new RefundEngineStore(journal), observers, time, logger, Said);
        _logger = logger;
        _timing = new RefundTiming(TimeSpan.FromSeconds(options.Value.PollIntervalSeconds), TimeSpan.FromSeconds(options.Value.RecheckFirstIntervalSeconds));
    }

    public PollScheduler Scheduler => _engine.Scheduler;

    public TimeSpan Elapsed => _engine.Elapsed;

    /// <summary>Sends the freshly reserved refund and answers once WebMoney has (or the POST's time is up).</summary>
    public async Task<Refund> SendAsync(Refund refund, CancellationToken ct)
    {
        var gate = Lock(refund.Id);
        await gate.WaitAsync(ct);
        try
        {
            LogReserved(refund.Id, refund.PaymentId, refund.Amount);
            var started = _time.GetTimestamp();
            var phase = TimeSpan.FromSeconds(_settings.Current.Settings?.TimeoutSeconds ?? 120);
            while (true)
            {
                if (_time.GetElapsedTime(started) > phase + CallBudget.MaxCallTimeout)
                {
                    // Cannot happen with a sane clock; never loop forever on a POS's request.
                    _engine.ScheduleAt(refund.Id, Elapsed);
                    return refund;
                }
                var left = phase - _time.GetElapsedTime(started);
                var outcome = await CallRefundAsync(refund, Min(CallBudget.MaxCallTimeout, left));
                var decision = RefundLifecycle.OnSendAnswer(refund, outcome, _time.GetUtcNow(), _timing,
                    sendPhaseOver: _time.GetElapsedTime(started) >= phase);
                refund = await CommitAsync(refund, decision);
                if (decision.Step != RefundStep.SendAgain)
                {
                    return refund;
                }
                await Task.Delay(decision.Delay, _time, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The row exists: whatever broke (the journal, most likely), the poller takes it from here.
            LogPassFailed(ex, refund.Id);
            _interrupted[refund.Id] = true;
            _engine.ScheduleAt(refund.Id, Elapsed + _timing.PollInterval);
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Schedules every pending refund after a start: unanswered ones are re-sent with the same RefundId, the rest polled.</summary>
    public async Task ResumeAsync(CancellationToken ct)
    {
        foreach (var refund in await _journal.LoadActiveAsync(ct))
        {
            var due = refund.NextCheckAt is { } at ? at - _time.GetUtcNow() : TimeSpan.Zero;
            _interrupted[refund.Id] = true;
            _engine.ScheduleAt(refund.Id, Elapsed + (due > TimeSpan.Zero ? due : TimeSpan.Zero));
            LogResumed(refund.Id, refund.PaymentId, refund.AwaitsSendAnswer);
        }
    }

    /// <summary>A pending refund another node left (its lease expired, SPEC §14), scheduled as after a restart.</summary>
    public void Adopt(Refund refund)
    {
        _interrupted[refund.Id] = true;
        Scheduler.Schedule(refund.Id, Elapsed);
        LogResumed(refund.Id, refund.PaymentId, refund.AwaitsSendAnswer);
    }

    /// <summary>One due step of a pending refund: a re-send while RefundPayment is unanswered, else a status poll.</summary>
    public async Task RunDueAsync(string id, CancellationToken ct)
    {
        var gate = Lock(id);
        await gate.WaitAsync(ct);
        try
        {
            // On a shared journal the lease first: a node that lost it (paused, cut off) sends nothing and forgets it.
            var refund = _leases is null ? await _journal.GetAsync(id, CancellationToken.None) : await _leases.ClaimRefundAsync(id);
            if (refund is null || refund.IsFinal)
            {
                _interrupted.TryRemove(id, out _);
                if (_leases is not null)
                {
                    _engine.Forget(id); // another node works it now: off this node's queue
                }
                return;
            }
            if (_interrupted.ContainsKey(id))
            {
                refund = RefundLifecycle.OnResume(refund);
            }
            RefundDecision decision;
            if (refund.AwaitsSendAnswer)
            {
                var outcome = await CallRefundAsync(refund, CallTimeout());
                // Nobody waits on a background re-send: past the POST's time any technical error counts toward unresolved.
                var phaseOver = _time.GetUtcNow() - refund.CreatedAt >= TimeSpan.FromSeconds(_settings.Current.Settings?.TimeoutSeconds ?? 120);
                decision = RefundLifecycle.OnSendAnswer(refund, outcome, _time.GetUtcNow(), _timing, phaseOver);
                if (decision.Step == RefundStep.SendAgain)
                {
                    decision = decision with { Step = RefundStep.CheckLater };
                }
            }
            else
            {
                var client = await ClientAsync(refund);
                var outcome = client is null
                    ? NotConfigured<RefundStatusAnswer>()
                    : await client.GetRefundStatusAsync(refund.RefundTransactionId!, CallTimeout(), CancellationToken.None);
                decision = RefundLifecycle.OnStatusAnswer(refund, outcome, _time.GetUtcNow(), _timing);
            }
            await CommitAsync(refund, decision);
            _interrupted.TryRemove(id, out _);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The journal failed (most likely): try again later rather than lose the refund from the schedule.
            LogPassFailed(ex, id);
            _interrupted[id] = true;
            _engine.ScheduleAt(id, Elapsed + _timing.Backoff(0));
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Committed and announced by the engine; then the next step the decision names is scheduled.</summary>
    private async Task<Refund> CommitAsync(Refund refund, RefundDecision decision)
    {
        var (next, conflict) = await _engine.TryCommitAsync(refund, decision.Refund);
        if (conflict)
        {
            return next; // another writer moved it (it cannot, under the lock) or it is final: the table's row stands
        }
        if (decision.Step == RefundStep.CheckLater)
        {
            _engine.ScheduleAt(next.Id, Elapsed + decision.Delay);
        }
        else if (next.IsFinal)
        {
            _engine.Forget(next.Id);
        }
        return next;
    }

    /// <summary>What the log says after a write and before the observers are told: the administrator's record comes first.</summary>
    private void Said(Refund before, Refund after)
    {
        if (after.IsFinal)
        {
            LogEnded(after.Id, after.PaymentId, after.Amount, after.Status, after.Error?.Code);
        }
        else if (after.Unresolved && !before.Unresolved)
        {
            LogUnresolved(after.Id, after.PaymentId, after.Amount);
        }
    }

    private async Task<WebMoneyOutcome<RefundAnswer>> CallRefundAsync(Refund refund, TimeSpan timeout)
    {
        var client = await ClientAsync(refund);
        return client is null
            ? NotConfigured<RefundAnswer>()
            : await client.RefundPaymentAsync(new RefundCommand(refund.TransactionId, refund.Id, refund.Amount, refund.Currency), timeout, CancellationToken.None);
    }

    /// <summary>The identity its payment went out under (SPEC §15), with its current certificate; null (not sent) when none has that PosNumber now.</summary>
    private async Task<IWebMoneyClient?> ClientAsync(Refund refund)
    {
        var snapshot = _settings.Current;
        var identity = await _journal.IdentityOfAsync(refund.PaymentId, CancellationToken.None) is { } of
            ? snapshot.ForPosNumber(of.PosNumber, of.TerminalId)
            : snapshot;
        return identity is { IsUsable: true, Connection: { } connection } ? _clients.GetClient(connection) : null;
    }

    private static WebMoneyOutcome<T> NotConfigured<T>() =>
        new WebMoneyOutcome<T>.TechnicalError(TechnicalErrorKind.Connect, "the gateway is not configured for WebMoney");

    // A call's own timeout: min(10 s, TimeoutSeconds), as for a payment's poll.
    private TimeSpan CallTimeout() => Min(CallBudget.MaxCallTimeout, TimeSpan.FromSeconds(_settings.Current.Settings?.TimeoutSeconds ?? 120));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private SemaphoreSlim Lock(string id) => _engine.LockOf(id);

    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Refund {RefundId} of payment {PaymentId} journalled: {Amount}")]
    private partial void LogReserved(string refundId, string paymentId, decimal amount);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Refund {RefundId} of payment {PaymentId} ended {Status} ({Amount}, error {ErrorCode})")]
    private partial void LogEnded(string refundId, string paymentId, decimal amount, RefundStatus status, string? errorCode);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Refund {RefundId} of payment {PaymentId} ({Amount}) is UNRESOLVED: no well-formed answer from WebMoney; it keeps being checked")]
    private partial void LogUnresolved(string refundId, string paymentId, decimal amount);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information, Message = "Refund {RefundId} of payment {PaymentId} resumed (awaiting RefundPayment answer: {AwaitsSend})")]
    private partial void LogResumed(string refundId, string paymentId, bool awaitsSend);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Error, Message = "Refund {RefundId}: a pass failed; retried later")]
    private partial void LogPassFailed(Exception exception, string refundId);
}
