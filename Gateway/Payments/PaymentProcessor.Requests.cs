using Gateway.Operations;
using Gateway.WebMoney;
using WebMoneyContract;

namespace Gateway.Payments;

/// <summary>
/// Requests from outside, carried out on the same engine as the poller's passes (the payment's lock, the versioned
/// commit, the announcement): the cashier's cancel (bounded by Gateway:CancelTimeoutSeconds), the administrator's
/// «Проверить сейчас», reconciliation's repair. Also the processor's log messages.
/// </summary>
public sealed partial class PaymentProcessor
{
    /// <summary>
    /// The cashier cancels: cancel at WebMoney, then one final status check (paid wins); for an unresolved ending,
    /// a cancel and a status check again. Answers within Gateway:CancelTimeoutSeconds in total: what WebMoney has
    /// not said by then stays unresolved, and the background checks go on. A status poll in flight never delays it:
    /// the poll is abandoned (its answer dropped), so CancelPayment goes out at once.
    /// </summary>
    /// <remarks>
    /// On a shared journal (SPEC §14) a payment another live node works is cancelled by that node
    /// (<see cref="IWorkLeases.RouteCancelAsync"/>, <see cref="AwaitHandedOverCancelAsync"/>); this node answers the same way.
    /// </remarks>
    public async Task<Payment?> CancelAsync(string id, CancellationToken ct)
    {
        var until = Elapsed + CancelTimeout;
        if (_leases is not null && await _leases.RouteCancelAsync(id) is CancelRoute.Requested requested)
        {
            return await AwaitHandedOverCancelAsync(id, requested, ct);
        }
        var work = CancelWithinAsync(id, until, ct);
        try
        {
            // Waiting for the lock (a poll in flight) counts too; the cancel itself goes on in the background.
            return await work.WaitAsync(CancelTimeout + TimeSpan.FromSeconds(1), _time, ct);
        }
        catch (Exception ex) when (ex is TimeoutException or LeaseLostException)
        {
            // Out of time (the work goes on), or another node took the payment over meanwhile: as it stands now.
            return (await _journal.GetAsync(id, CancellationToken.None))?.Payment;
        }
    }

    private TimeSpan CancelTimeout => TimeSpan.FromSeconds(_options.CancelTimeoutSeconds);

    /// <param name="id">The payment.</param>
    /// <param name="until">The end of the cashier's time (monotonic).</param>
    /// <param name="ct">The request's token (for the wait for the lock).</param>
    /// <param name="onlyIfRequested">A cancel another node handed over: carried out only while its request is in the row.</param>
    private async Task<Payment?> CancelWithinAsync(string id, TimeSpan until, CancellationToken ct, bool onlyIfRequested = false)
    {
        var entry = await _journal.GetAsync(id, ct);
        if (!onlyIfRequested && entry is { Payment.IsFinal: false } or { Payment.Unresolved: true })
        {
            await _engine.AnnounceRequestAsync(entry, OperationRequest.Cancel); // «Кассир отменил» in its history, before the calls
        }
        if (entry is null || !PaymentLifecycle.IsCancellable(entry))
        {
            return entry?.Payment;
        }
        var context = ContextOf(entry);
        // A status poll in flight is abandoned instead of waited for (it may hang up to 10 s); a create in flight is
        // waited for (no transaction to cancel yet), and so is a background recheck (it sends the cancel itself).
        context.CashierWaits();
        try
        {
            await context.Lock.WaitAsync(ct);
        }
        finally
        {
            context.CashierDone();
        }
        var requested = false;
        try
        {
            if (_leases is null)
            {
                entry = await _journal.GetAsync(id, CancellationToken.None);
            }
            else
            {
                // Still (or now) this node's? Else it is left to the node that works it, and nothing is sent from here.
                var claim = await _leases.ClaimPaymentAsync(id);
                requested = claim?.CancelRequested == true;
                if (claim is null || (onlyIfRequested && !requested))
                {
                    return (await _journal.GetAsync(id, CancellationToken.None))?.Payment;
                }
                entry = claim.Entry;
                if (onlyIfRequested && PaymentLifecycle.IsCancellable(entry))
                {
                    await _engine.AnnounceRequestAsync(entry, OperationRequest.Cancel); // handed over: said here, by the node that carries it out
                }
            }
            if (entry is null || !PaymentLifecycle.IsCancellable(entry))
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
                // ExternalId, so a transaction created by a lost answer gets cancelled too. Only a create that broke
                // off (a restart, a failed pass) is found here: it may have gone out before.
                entry = await RunCreateAsync(context, PaymentLifecycle.OnCreateResumed(entry), until);
                if (entry.Payment.IsFinal)
                {
                    return entry.Payment;
                }
            }
            return (await EndAsync(context, entry, EndReason.Cashier, until)).Payment;
        }
        finally
        {
            await ClearRequestAsync(id, requested);
            context.Lock.Release();
        }
    }

    /// <summary>A cashier's cancel handed over (<paramref name="requested"/>) was dealt with: out of the row, so it is carried out once.</summary>
    private async Task ClearRequestAsync(string id, bool requested)
    {
        if (!requested)
        {
            return;
        }
        try
        {
            await _leases!.ClearCancelRequestAsync(id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPassFailed(ex, id); // left in the row: the next pass carries it out again (a cancel twice is harmless)
        }
    }

    /// <summary>
    /// «Проверить сейчас» (SPEC §12) of an ending without a definite "not paid": one status call within
    /// <paramref name="timeout"/>, under the payment's lock, and what it proves committed (<see cref="PaymentLifecycle.OnCheckNow"/>).
    /// Null: no such payment. No outcome: nothing to check (any more).
    /// </summary>
    public async Task<(Payment Before, Payment After, WebMoneyOutcome<StatusAnswer>? Outcome)?> CheckNowAsync(string id, TimeSpan timeout,
        CancellationToken ct)
    {
        var entry = await _journal.GetAsync(id, ct);
        if (entry is null)
        {
            return null;
        }
        var context = ContextOf(entry);
        await context.Lock.WaitAsync(ct);
        try
        {
            if (_leases is not null)
            {
                await _leases.ClaimPaymentAsync(id); // free or expired: this node's now, so what the check proves is written
            }
            entry = await _journal.GetAsync(id, CancellationToken.None);
            if (entry is null || PaymentLifecycle.DuePass(entry) != Pass.Recheck)
            {
                return entry is null ? null : (entry.Payment, entry.Payment, null);
            }
            await _engine.AnnounceRequestAsync(entry, OperationRequest.CheckNow);
            var client = context.Client;
            var outcome = client is null
                ? PaymentCalls.NoClient<StatusAnswer>(timeout)
                : await _calls.Guard(() => client.GetPaymentStatusAsync(entry.Payment.TransactionId!, timeout, ct));
            _calls.Note(entry.Payment.Id, PosApi.GetPaymentStatus, outcome);
            var (updated, conflict) = await _engine.TryCommitAsync(entry, PaymentLifecycle.OnCheckNow(entry, outcome, _time.GetUtcNow()));
            if (conflict && _leases is not null)
            {
                // Another node works it (its lease). Paid is not left to that node's next check: latePaid in one
                // conditional statement, as reconciliation makes it; anything else that node's own checks record.
                if (outcome is WebMoneyOutcome<StatusAnswer>.Success { Value.Status: WireStatus.Paid }
                    && await _journal.MarkLatePaidAsync(id, CancellationToken.None) is { } marked)
                {
                    Committed(updated, marked);
                    await _engine.AnnounceAsync(updated, marked);
                    return (entry.Payment, marked.Payment, outcome);
                }
                return (entry.Payment, updated.Payment, outcome);
            }
            ScheduleRecheck(updated);
            return (entry.Payment, updated.Payment, outcome);
        }
        finally
        {
            context.Lock.Release();
        }
    }

    /// <summary>
    /// A repair the journal makes in one statement (reconciliation found a payment paid that the journal ended
    /// otherwise): under the payment's lock, said in the log (<paramref name="said"/>), then announced. Null: nothing
    /// repaired (changed meanwhile).
    /// </summary>
    public async Task<JournalEntry?> RepairAsync(string id, Func<Task<JournalEntry?>> repair, Action<JournalEntry> said)
    {
        var entry = await _journal.GetAsync(id, CancellationToken.None);
        if (entry is null)
        {
            return null;
        }
        var context = ContextOf(entry);
        await context.Lock.WaitAsync(CancellationToken.None);
        try
        {
            var repaired = await repair();
            if (repaired is not null)
            {
                said(repaired);
                await _engine.AnnounceAsync(entry, repaired);
            }
            return repaired;
        }
        finally
        {
            context.Lock.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} created on terminal {TerminalId}: {Amount} via {PaymentSystem}")]
    private partial void LogCreated(string paymentId, string terminalId, decimal amount, PaymentSystem paymentSystem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} ended {Status} ({ErrorCode}); unresolved: {Unresolved}")]
    private partial void LogFinal(string paymentId, PaymentStatus status, string? errorCode, bool unresolved);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LATE PAID: payment {PaymentId} (transaction {TransactionId}, {Amount}) ended {Status} but WebMoney now reports it paid. Check the receipt.")]
    private partial void LogLatePaid(string paymentId, string? transactionId, decimal amount, PaymentStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId}: a transaction ({TransactionId}) became known after the create gave up; never shown, cancel sent: {Outcome}")]
    private partial void LogLateQrCancelled(string paymentId, string? transactionId, string outcome);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Payment {PaymentId}: status poll abandoned for the cashier's cancel")]
    private partial void LogPollAbandoned(string paymentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed {Count} active payment(s) from the journal")]
    private partial void LogResumed(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing payment {PaymentId} failed; it will be retried")]
    private partial void LogPassFailed(Exception ex, string paymentId);

    [LoggerMessage(EventId = 1250, Level = LogLevel.Warning, Message = "Payment {PaymentId}: not sent, no usable identity for POS {PosNumber}: {Problem}")]
    private partial void LogNoIdentity(string paymentId, string posNumber, string? problem);
}
