using Gateway.Journal;

namespace Gateway.Payments;

/// <summary>The cashier's cancel: bounded by Gateway:CancelTimeoutSeconds, and also for an unresolved ending.</summary>
public sealed partial class PaymentProcessor
{
    /// <summary>
    /// The cashier cancels: cancel at WebMoney, then one final status check (paid wins); for an unresolved ending,
    /// a cancel and a status check again. Answers within Gateway:CancelTimeoutSeconds in total: what WebMoney has
    /// not said by then stays unresolved, and the background checks go on. A status poll in flight never delays it:
    /// the poll is abandoned (its answer dropped), so CancelPayment goes out at once.
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
        if (entry is null || !PaymentLifecycle.IsCancellable(entry))
        {
            return entry?.Payment;
        }
        var context = _contexts.GetOrAdd(id, _ => NewContext(entry));
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
        try
        {
            entry = await _journal.GetAsync(id, CancellationToken.None);
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
            context.Lock.Release();
        }
    }
}
