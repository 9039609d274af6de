using Gateway.Operations;

namespace Gateway.Payments;

/// <summary>
/// Several nodes on one journal (SPEC §14, <see cref="IWorkLeases"/>; absent on SQLite, where none of this runs): each
/// pass claims the payment first, so a node that lost its lease (paused, cut off, adopted meanwhile) forgets it instead
/// of calling WebMoney; a write refused to it ends the pass (<see cref="LeaseLostException"/>); the cashier's cancel of a
/// payment another live node works is handed to that node, and followed here in case that node died.
/// </summary>
public sealed partial class PaymentProcessor
{
    private readonly IWorkLeases? _leases;
    private readonly Waiters<Payment>? _waiters;
    // Cancels handed over by another node that this node is carrying out now (a second hand-over of one is dropped).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _requestsInHand = new(StringComparer.Ordinal);

    /// <summary>How often the node that handed a cancel over tries to take the payment, should its owner have died.</summary>
    internal static readonly TimeSpan FollowEvery = TimeSpan.FromSeconds(1);

    /// <summary>The name of the pruning of old Idempotency-Keys among the journal's scheduled jobs.</summary>
    public const string PruneJob = "idempotency-prune";

    /// <summary>
    /// Payments another node left (its lease expired, SPEC §14), scheduled as after a restart: with their journalled
    /// deadline and bookkeeping; a create caught between "sent" and "stored" is resumed by re-sending it.
    /// </summary>
    public void Adopt(JournalEntry entry)
    {
        var context = ContextOf(entry);
        if (entry.Payment.IsFinal)
        {
            ScheduleRecheck(entry);
            return;
        }
        _engine.ScheduleAt(entry.Payment.Id, Min(Elapsed, context.Deadline));
    }

    /// <summary>
    /// The payment as this node may work it now: on a shared journal its lease claimed again (null: another node works
    /// it, or nothing is left to do: forgotten here, nothing sent); on SQLite the row as stored, at no extra cost.
    /// </summary>
    private async Task<(JournalEntry? Entry, bool CancelRequested)> LoadForWorkAsync(string id, CancellationToken ct)
    {
        if (_leases is null)
        {
            return (await _journal.GetAsync(id, ct), false);
        }
        if (await _leases.ClaimPaymentAsync(id) is { } claim)
        {
            return (claim.Entry, claim.CancelRequested);
        }
        LogNotThisNodes(id);
        _contexts.Forget(id);
        return (null, false);
    }

    /// <summary>
    /// The engine's commit; on a shared journal a refused write (another node's lease, or a newer row) ends the pass:
    /// the next one claims the row again or forgets it. On SQLite the stored row wins and the pass goes on, as ever.
    /// </summary>
    private async Task<JournalEntry> CommitAsync(JournalEntry current, JournalEntry next, bool announce = true)
    {
        var (state, conflict) = await _engine.TryCommitAsync(current, next, announce);
        if (conflict && _leases is not null)
        {
            throw new LeaseLostException(current.Payment.Id);
        }
        return state;
    }

    /// <summary>
    /// A cashier's cancel another node recorded for a payment this node works (or has just taken over): carried out as
    /// this node's own cashier's cancel, once, then the request is cleared.
    /// </summary>
    public async Task CarryOutCancelRequestAsync(string id)
    {
        if (!_requestsInHand.TryAdd(id, true))
        {
            return;
        }
        try
        {
            LogCancelHandedOver(id);
            await CancelWithinAsync(id, Elapsed + CancelTimeout, CancellationToken.None, onlyIfRequested: true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPassFailed(ex, id);
        }
        finally
        {
            _requestsInHand.TryRemove(id, out _);
        }
    }

    /// <summary>
    /// The cancel went to the live node that works the payment (it carries it out within a second or two). This node
    /// answers as for its own cancel: once the payment has ended after the request (through the change feed), or when
    /// Gateway:CancelTimeoutSeconds is up, as it then stands — pending or unresolved, never failed. Meanwhile it follows
    /// the request: should the owner die, this node takes the payment as soon as its lease expires and cancels it first.
    /// </summary>
    private async Task<Payment?> AwaitHandedOverCancelAsync(string id, CancelRoute.Requested requested, CancellationToken ct)
    {
        LogCancelHandedTo(id, requested.Owner);
        _ = FollowCancelRequestAsync(id, requested.Version);
        bool Ended(Payment p) => p.IsFinal && p.Version > requested.Version;
        if (_waiters is null)
        {
            return (await _journal.GetAsync(id, CancellationToken.None))?.Payment;
        }
        var until = Elapsed + CancelTimeout + TimeSpan.FromSeconds(1);
        return await _waiters.WaitUntilAsync(id, async _ => (await _journal.GetAsync(id, CancellationToken.None))?.Payment, Ended,
            () => until - Elapsed, _time, ct);
    }

    /// <summary>
    /// Every <see cref="FollowEvery"/>, until the payment has ended after the request: try to take it (the claim succeeds
    /// only once its owner's lease expired). Taken with the request still in the row: cancelled here first; without
    /// it (the owner carried it out, then died): worked here as adopted.
    /// </summary>
    private async Task FollowCancelRequestAsync(string id, long requestedAt)
    {
        var giveUp = Elapsed + _leases!.Duration * 2 + CancelTimeout + TimeSpan.FromSeconds(5);
        try
        {
            while (Elapsed < giveUp)
            {
                await Task.Delay(FollowEvery, _time);
                if (await _leases.ClaimPaymentAsync(id) is { } claim)
                {
                    if (claim.CancelRequested)
                    {
                        await CarryOutCancelRequestAsync(id);
                    }
                    else
                    {
                        Adopt(claim.Entry);
                    }
                    return;
                }
                var entry = await _journal.GetAsync(id, CancellationToken.None);
                if (entry is null || !PaymentLifecycle.IsCancellable(entry) || (entry.Payment.IsFinal && entry.Payment.Version > requestedAt))
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database or the host went away; the request stays in the row for whichever node adopts the payment.
            LogPassFailed(ex, id);
        }
    }

    [LoggerMessage(EventId = 1260, Level = LogLevel.Information, Message = "Payment {PaymentId}: not this node's to work now (another node holds its lease, or nothing is left to do); left to it, nothing sent")]
    private partial void LogNotThisNodes(string paymentId);

    [LoggerMessage(EventId = 1261, Level = LogLevel.Information, Message = "Payment {PaymentId}: the cashier's cancel is handed to node {Owner}, which works it")]
    private partial void LogCancelHandedTo(string paymentId, string owner);

    [LoggerMessage(EventId = 1262, Level = LogLevel.Information, Message = "Payment {PaymentId}: carrying out the cashier's cancel another node handed over")]
    private partial void LogCancelHandedOver(string paymentId);

    [LoggerMessage(EventId = 1263, Level = LogLevel.Warning, Message = "Payment {PaymentId}: this node's write was refused (another node took the payment over, or wrote it first); this pass ends and nothing more is sent")]
    private partial void LogLeaseLost(string paymentId);
}

/// <summary>A write of the processor was refused on a shared journal: the payment is no longer (only) this node's.</summary>
public sealed class LeaseLostException(string paymentId) : Exception($"Payment {paymentId}: the write was refused (lease lost or row changed)")
{
    public string PaymentId { get; } = paymentId;
}
