using Gateway.History;
using Gateway.Payments;
using Gateway.Settings;
using Gateway.WebMoney;
using WebMoneyContract;

namespace Gateway.Admin;

/// <summary>
/// «Проверить сейчас» for a payment that ended without a definite "not paid" (SPEC §4, §12). The background
/// rechecks live inside the payment processor; this asks WebMoney once, from the outside, and commits what the
/// answer proves through the journal's version-checked update: paid → <c>latePaid</c>; rejected / expired /
/// cancelled → resolved. Any other answer changes nothing (the background checks go on). The processor re-reads
/// the journal before each of its own checks, so it sees the change and stops checking a resolved payment.
/// </summary>
public sealed partial class PaymentRecheck(
    IPaymentStore journal, ISettingsStore settings, IWebMoneyClientFactory clients, IEnumerable<IPaymentObserver> observers,
    PaymentHistory history, TimeProvider time, ILogger<PaymentRecheck> logger)
{
    public async Task<RecheckOutcome> RunAsync(string id, CancellationToken ct)
    {
        var entry = await journal.GetAsync(id, ct);
        if (entry is null)
        {
            return new RecheckOutcome.NotFound();
        }
        if (!entry.Payment.IsFinal || !entry.Payment.Unresolved || entry.Payment.TransactionId is not { } transactionId)
        {
            return new RecheckOutcome.NothingToCheck(entry.Payment);
        }
        // Under the identity the payment went out under (SPEC §15), never another till's.
        var identity = settings.Current.ForPosNumber(entry.Payment.PosNumber, entry.Payment.TerminalId);
        if (identity.Connection is not { } connection)
        {
            return new RecheckOutcome.NotConfigured(identity.Problem);
        }
        history.Record(new PaymentEvent(id, null, time.GetUtcNow(), PaymentEventKinds.RecheckRequested, "Администратор запросил проверку сейчас"));
        var outcome = await clients.GetClient(connection).GetPaymentStatusAsync(transactionId, ConnectionCheck.CallTimeout, ct);
        var status = (outcome as WebMoneyOutcome<StatusAnswer>.Success)?.Value.Status;
        var message = Describe(outcome, status);
        var payment = entry.Payment;
        var next = Next(entry, outcome);
        // The background check may commit between our read and our write: WebMoney's answer is then applied to the
        // row it wrote (a few tries at most), so a "paid" answer is never lost to a version conflict.
        for (var attempt = 0; next is not null && !await journal.TryUpdateAsync(next, next.Payment.Version - 1, CancellationToken.None); attempt++)
        {
            var current = await journal.GetAsync(id, CancellationToken.None);
            next = current is null || attempt == 3 ? null : Next(current, outcome);
            if (next is null)
            {
                var now = current?.Payment ?? payment;
                return new RecheckOutcome.Checked(now, now.LatePaid != payment.LatePaid || now.Unresolved != payment.Unresolved, message);
            }
            payment = current!.Payment;
        }
        if (next is null)
        {
            return new RecheckOutcome.Checked(payment, false, message);
        }
        if (next.Payment.LatePaid && !payment.LatePaid)
        {
            LogLatePaid(id, transactionId, payment.Amount, payment.Status);
        }
        foreach (var observer in observers)
        {
            try
            {
                await observer.OnPaymentChangedAsync(next.Payment, CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogObserverFailed(ex, observer.GetType().Name, id);
            }
        }
        return new RecheckOutcome.Checked(next.Payment, true, message);
    }

    /// <summary>
    /// The row after WebMoney's answer, by the lifecycle's own recheck rule (SPEC §4: paid → late paid, a definite
    /// "not paid" → resolved); null: nothing to record (a pending payment, or an answer that settles nothing).
    /// </summary>
    private JournalEntry? Next(JournalEntry entry, WebMoneyOutcome<StatusAnswer> outcome)
    {
        if (!entry.Payment.IsFinal)
        {
            return null;
        }
        var next = PaymentLifecycle.OnRecheck(entry, cancel: null, outcome, time.GetUtcNow(), entry.State.NextRecheckAt);
        return next.Payment == entry.Payment ? null : next with { Payment = next.Payment with { Version = entry.Payment.Version + 1 } };
    }

    private static string Describe(WebMoneyOutcome<StatusAnswer> outcome, string? status) => outcome switch
    {
        _ when status == WireStatus.Paid => "WebMoney: платёж ОПЛАЧЕН. Он отмечен как оплаченный поздно — проверьте чек.",
        _ when status is WireStatus.Rejected or WireStatus.Expired or WireStatus.Cancelled =>
            $"WebMoney: {HistoryTexts.Status(status)} — оплаты нет, проверки закончены.",
        WebMoneyOutcome<StatusAnswer>.Success => $"WebMoney: {HistoryTexts.Status(status)}. Ничего не изменилось, фоновые проверки продолжаются.",
        WebMoneyOutcome<StatusAnswer>.Refusal r => $"WebMoney отказал (код {r.ResultCode}): {r.Message}. Фоновые проверки продолжаются.",
        WebMoneyOutcome<StatusAnswer>.TechnicalError t => $"WebMoney не ответил: {HistoryTexts.Kind(t.Kind)}. Фоновые проверки продолжаются.",
        _ => "Нет ответа.",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "LATE PAID: payment {PaymentId} (transaction {TransactionId}, {Amount}) ended {Status} but WebMoney now reports it paid (checked by the administrator). Check the receipt.")]
    private partial void LogLatePaid(string paymentId, string transactionId, decimal amount, PaymentStatus status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Observer {Observer} failed on payment {PaymentId}")]
    private partial void LogObserverFailed(Exception ex, string observer, string paymentId);
}

/// <summary>What «Проверить сейчас» came to.</summary>
public abstract record RecheckOutcome
{
    private RecheckOutcome() { }

    public sealed record NotFound : RecheckOutcome;
    public sealed record NothingToCheck(Payment Payment) : RecheckOutcome;
    public sealed record NotConfigured(string? Reason) : RecheckOutcome;
    public sealed record Checked(Payment Payment, bool Changed, string Message) : RecheckOutcome;
}

/// <param name="Payment">The payment after the check.</param>
/// <param name="Changed">The answer changed the journal (late paid, or resolved).</param>
/// <param name="Message">What WebMoney said and what was done, in Russian.</param>
public sealed record RecheckResponse(PaymentResponse Payment, bool Changed, string Message);
