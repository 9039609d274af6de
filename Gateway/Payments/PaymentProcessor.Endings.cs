using Gateway.WebMoney;
using WebMoneyContract;

namespace Gateway.Payments;

/// <summary>
/// The poll, the endings (deadline, cashier), the background checks of an uncertain ending and what follows an ending;
/// the payment's context and the client of its identity.
/// </summary>
public sealed partial class PaymentProcessor
{
    private async Task PollAsync(PaymentContext context, JournalEntry entry)
    {
        var started = Elapsed;
        var left = context.Deadline - started;
        if (PaymentLifecycle.EndsInsteadOfPolling(entry, deadlinePassed: left <= TimeSpan.Zero) is { } reason)
        {
            await EndAsync(context, entry, reason);
            return;
        }
        // The cashier's cancel abandons this call rather than wait behind it (SPEC §4: CancelPayment goes out at once).
        var abandon = context.BeginPoll();
        WebMoneyOutcome<StatusAnswer> outcome;
        try
        {
            outcome = context.Client is { } client
                ? await _calls.Guard(() => client.GetPaymentStatusAsync(entry.Payment.TransactionId!, Min(MaxCallTimeout, left), abandon.Token))
                : PaymentCalls.NoClient<StatusAnswer>(left);
        }
        finally
        {
            context.EndPoll(abandon);
        }
        if (abandon.IsCancellationRequested)
        {
            // Nothing is committed: the cancel's own final status check decides. Should the cancel not end it, polling goes on.
            LogPollAbandoned(entry.Payment.Id);
            _engine.ScheduleAt(entry.Payment.Id, Min(started + PollInterval, context.Deadline));
            return;
        }
        _calls.Note(entry.Payment.Id, PosApi.GetPaymentStatus, outcome);
        var ranIntoDeadline = PaymentLifecycle.RanIntoDeadline(outcome, deadlineReached: Elapsed >= context.Deadline, timeoutWasTimeLeft: left <= MaxCallTimeout);
        var decision = PaymentLifecycle.OnStatusAnswer(entry, outcome, _time.GetUtcNow(), deadlinePassed: ranIntoDeadline);
        entry = await CommitAsync(entry, decision.Next);
        switch (decision.Then)
        {
            case Then.Poll:
                _engine.ScheduleAt(entry.Payment.Id, Min(started + PollInterval, context.Deadline));
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
        if (client is not null)
        {
            entry = await CommitAsync(entry, PaymentLifecycle.OnCancelSending(entry, reason));
        }
        var cancel = client is null
            ? PaymentCalls.NoClient<CancelAnswer>(TimeSpan.Zero)
            : await _calls.CallAsync(_calls.Half(until), t => client.CancelPaymentAsync(transactionId!, t, CancellationToken.None));
        _calls.Note(entry.Payment.Id, PosApi.CancelPayment, cancel);
        var status = client is null
            ? PaymentCalls.NoClient<StatusAnswer>(TimeSpan.Zero)
            : await _calls.CallAsync(until, t => client.GetPaymentStatusAsync(transactionId!, t, CancellationToken.None));
        _calls.Note(entry.Payment.Id, PosApi.GetPaymentStatus, status);
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
        if (PaymentLifecycle.RecheckSendsCancel(entry, forceCancel))
        {
            cancel = client is null
                ? PaymentCalls.NoClient<CancelAnswer>(TimeSpan.Zero)
                : await _calls.CallAsync(_calls.Half(until), t => client.CancelPaymentAsync(transactionId, t, CancellationToken.None));
            _calls.Note(entry.Payment.Id, PosApi.CancelPayment, cancel);
        }
        var status = client is null
            ? PaymentCalls.NoClient<StatusAnswer>(TimeSpan.Zero)
            : await _calls.CallAsync(until, t => client.GetPaymentStatusAsync(transactionId, t, CancellationToken.None));
        _calls.Note(entry.Payment.Id, PosApi.GetPaymentStatus, status);
        var now = _time.GetUtcNow();
        var updated = await CommitAsync(entry, PaymentLifecycle.OnRecheck(entry, cancel, status, now,
            PaymentLifecycle.NextRecheckAt(entry, now, RecheckFirst)));
        ScheduleRecheck(updated);
        return updated;
    }

    /// <summary>
    /// The follow-up of a create given up while it may have reached WebMoney (SPEC §4, issue #23.3): re-sent with the
    /// same ExternalId to learn the transaction, which is then cancelled (and checked until WebMoney confirms);
    /// otherwise tried again later.
    /// </summary>
    private async Task<JournalEntry> FollowUpCreateAsync(PaymentContext context, JournalEntry entry)
    {
        var client = context.Client;
        var command = CreateCommand(entry.Payment);
        var outcome = client is null
            ? PaymentCalls.NoClient<QrCreated>(MaxCallTimeout)
            : await _calls.CallAsync(null, t => client.CreateQrPaymentAsync(command, t, CancellationToken.None));
        _calls.Note(entry.Payment.Id, PosApi.CreateQrPayment, outcome);
        var now = _time.GetUtcNow();
        var decision = PaymentLifecycle.OnFollowUpCreate(entry, outcome, PaymentLifecycle.NextRecheckAt(entry, now, RecheckFirst));
        entry = await CommitAsync(entry, decision.Next);
        if (decision.Then == Then.CancelNow)
        {
            LogLateQrCancelled(entry.Payment.Id, entry.Payment.TransactionId, "learnt by the follow-up of a create given up; cancelling");
            return await RecheckAsync(context, entry, forceCancel: true);
        }
        ScheduleRecheck(entry);
        return entry;
    }

    private void AfterFinal(JournalEntry entry)
    {
        LogFinal(entry.Payment.Id, entry.Payment.Status, entry.Payment.Error?.Code, entry.Payment.Unresolved);
        ScheduleRecheck(entry); // an uncertain ending gets its first background check; a resolved one is forgotten
    }

    /// <summary>Schedules the next background check (<see cref="PaymentLifecycle.RecheckDueAt"/>); none: forgotten.</summary>
    private void ScheduleRecheck(JournalEntry entry)
    {
        var at = PaymentLifecycle.RecheckDueAt(entry, _time.GetUtcNow(), RecheckFirst);
        if (at is null)
        {
            Forget(entry); // resolved, or the horizon passed: an unresolved one stays for the administrator (attention list)
            return;
        }
        var delay = at.Value - _time.GetUtcNow();
        _engine.ScheduleAt(entry.Payment.Id, Elapsed + (delay > TimeSpan.Zero ? delay : TimeSpan.Zero));
    }

    /// <summary>After a write, before anyone is told: the administrator's record of a late payment comes first.</summary>
    private void Committed(JournalEntry before, JournalEntry after)
    {
        if (after.Payment.LatePaid && !before.Payment.LatePaid)
        {
            LogLatePaid(after.Payment.Id, after.Payment.TransactionId, after.Payment.Amount, after.Payment.Status);
        }
    }

    /// <summary>
    /// The client of the identity the payment went out under: the PosNumber in the journal, with that identity's current
    /// certificate and settings — never another till's (SPEC §15). Null (so the call is not sent) when no identity has
    /// that PosNumber any more or its files are broken; the log says which and why.
    /// </summary>
    private IWebMoneyClient? IdentityClient(Payment payment)
    {
        var identity = _settings.Current.ForPosNumber(payment.PosNumber, payment.TerminalId);
        if (identity.Connection is { } connection)
        {
            return _clients.GetClient(connection);
        }
        LogNoIdentity(payment.Id, payment.PosNumber ?? "-", identity.Problem);
        return null;
    }

    private PaymentContext ContextOf(JournalEntry entry) => _contexts.Of(entry, () => IdentityClient(entry.Payment));

    private void Forget(JournalEntry entry) => _contexts.Forget(entry.Payment.Id);
}
