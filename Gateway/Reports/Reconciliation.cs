using System.Globalization;
using Gateway.Payments;
using Gateway.Settings;
using Gateway.WebMoney;
using WebMoneyContract;

namespace Gateway.Reports;

/// <summary>
/// Reconciliation (SPEC §11): WebMoney's transactions created on the local day (GetTransactions), each compared
/// with the journal's payment of its ExternalId. Paid or not is what is compared (the kinds of "not paid" — declined,
/// expired, cancelled — are not money). The only change it makes: a transaction WebMoney reports paid that the
/// journal ended otherwise becomes latePaid, as a background recheck would have made it (SPEC §4). A payment still
/// pending is left to the poller. Refunds are reconciled by the day they were made (<see cref="RefundReconciliation"/>).
/// Nothing changes when GetTransactions fails.
/// </summary>
public sealed partial class Reconciliation(
    IPaymentStore journal,
    IReportStore reports,
    ISettingsStore settings,
    IWebMoneyClientFactory clients,
    ReportTimeZone zone,
    TimeProvider time,
    IEnumerable<IPaymentObserver> observers,
    RefundReconciliation refunds,
    ILogger<Reconciliation> logger)
{
    /// <summary>A day's list may be long: more time than a status poll gets.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly IPaymentObserver[] _observers = observers.ToArray();

    public async Task<ReconciliationResult> RunAsync(DateOnly date, CancellationToken ct)
    {
        var snapshot = settings.Current;
        if (!snapshot.IsUsable || snapshot.Connection is null)
        {
            return new ReconciliationResult.NotConfigured(snapshot.Problem);
        }
        var (start, end) = zone.Bounds(date);
        // Once per identity (SPEC §15): each POS sees only its own transactions. All are asked before anything changes.
        var transactions = new List<WebMoneyTransaction>();
        foreach (var identity in Identities(snapshot))
        {
            var outcome = await clients.GetClient(identity.Connection!).GetTransactionsAsync(start, end, CallTimeout, ct);
            var pos = identity.Settings!.PosNumber;
            switch (outcome)
            {
                case WebMoneyOutcome<TransactionList>.Refusal refusal:
                    return new ReconciliationResult.Rejected(refusal.ResultCode, $"POS {pos}: {refusal.Message}");
                case WebMoneyOutcome<TransactionList>.TechnicalError error:
                    LogUnavailable(error.Kind, $"POS {pos}: {error.Message}");
                    return new ReconciliationResult.Unavailable($"POS {pos}: {error.Message}");
                case WebMoneyOutcome<TransactionList>.Success success:
                    transactions.AddRange(success.Value.Transactions);
                    break;
            }
        }
        // Refunds by the day they were made, first: one made good here is then in its payment's refunded sum below
        // (a payment of the day matches), and is listed once, as a refund_differs of its own.
        var byExternalId = transactions.GroupBy(t => t.ExternalId).ToDictionary(g => g.Key, g => g.First());
        var refundMismatches = await refunds.CheckDayAsync(start, end, snapshot.Sandbox, byExternalId, ct);
        var entries = await reports.ReadForReconciliationAsync(transactions.Select(t => t.ExternalId).Distinct().ToList(), ct);

        var matched = 0;
        var mismatches = new List<ReconciliationMismatch>();
        foreach (var t in transactions)
        {
            entries.TryGetValue(t.ExternalId, out var entry);
            if (entry?.Payment.Status == PaymentStatus.Pending)
            {
                continue; // the poller's: it will learn the same answer within one interval
            }
            var found = Compare(t, entry);
            if (found.Count == 0)
            {
                matched++;
                continue;
            }
            mismatches.AddRange(found);
            if (entry is not null && t.Status == WireStatus.Paid && !IsPaid(entry.Payment))
            {
                await MarkLatePaidAsync(entry.Payment);
            }
        }
        mismatches.AddRange(refundMismatches);
        return new ReconciliationResult.Done(new ReconciliationResponse(
            date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), time.GetUtcNow(), matched, mismatches));
    }

    /// <summary>
    /// The store's identity and each till's that can be used, one per PosNumber. A till out of service is left out
    /// (and said in the log): its own problem is on readiness, and the other tills are reconciled all the same.
    /// </summary>
    private List<SettingsSnapshot> Identities(SettingsSnapshot snapshot)
    {
        var identities = new List<SettingsSnapshot> { snapshot };
        foreach (var (terminalId, till) in snapshot.Terminals)
        {
            if (!till.IsUsable || till.Connection is null)
            {
                LogTillSkipped(terminalId);
            }
            else if (!identities.Any(i => i.Settings!.PosNumber == till.Settings!.PosNumber))
            {
                identities.Add(till);
            }
        }
        return identities;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation: till {TerminalId} is out of service (see /health/ready), so its POS was not asked for its transactions")]
    private partial void LogTillSkipped(string terminalId);

    private static List<ReconciliationMismatch> Compare(WebMoneyTransaction t, ReconciledEntry? entry)
    {
        var webMoney = new WebMoneySide(t.Status, t.Amount, t.RefundedAmount, t.PaymentSystem, t.CreatedAt, t.PaidAt);
        if (entry is null)
        {
            return [new(MismatchKind.MissingInJournal, t.TransactionId, t.ExternalId, null, webMoney)];
        }
        var p = entry.Payment;
        var journalSide = new JournalSide(p.Status, p.LatePaid, p.Amount, entry.RefundedAmount, p.TransactionId);
        var found = new List<ReconciliationMismatch>();
        var webMoneyPaid = t.Status == WireStatus.Paid;
        var webMoneyOpen = !webMoneyPaid && !PaymentLifecycle.IsDefinitelyNotPaid(t.Status);
        if (IsPaid(p) != webMoneyPaid || webMoneyOpen)
        {
            // Paid on one side only; or the journal ended it while WebMoney still holds the QR payable.
            found.Add(new(MismatchKind.StatusDiffers, t.TransactionId, t.ExternalId, journalSide, webMoney));
        }
        if (p.Amount != t.Amount)
        {
            found.Add(new(MismatchKind.AmountDiffers, t.TransactionId, t.ExternalId, journalSide, webMoney));
        }
        if (entry.RefundedAmount != t.RefundedAmount)
        {
            found.Add(new(MismatchKind.RefundDiffers, t.TransactionId, t.ExternalId, journalSide, webMoney));
        }
        return found;
    }

    private static bool IsPaid(Payment p) => p.Status == PaymentStatus.Paid || p.LatePaid;

    private async Task MarkLatePaidAsync(Payment payment)
    {
        // Not the request's token: once WebMoney said paid, the journal must learn it even if the caller hangs up.
        var updated = await journal.MarkLatePaidAsync(payment.Id, CancellationToken.None);
        if (updated is null)
        {
            return; // changed meanwhile (the poller got there first)
        }
        LogLatePaid(payment.Id, payment.TransactionId, payment.Amount, payment.Status);
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnPaymentChangedAsync(updated.Payment, CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogObserverFailed(ex, observer.GetType().Name, payment.Id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LATE PAID (reconciliation): payment {PaymentId} (transaction {TransactionId}, {Amount}) ended {Status} but WebMoney's transactions of the day report it paid. Check the receipt.")]
    private partial void LogLatePaid(string paymentId, string? transactionId, decimal amount, PaymentStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation: GetTransactions failed with a technical error {Kind}: {Message}; nothing changed")]
    private partial void LogUnavailable(TechnicalErrorKind kind, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Observer {Observer} failed on payment {PaymentId}")]
    private partial void LogObserverFailed(Exception ex, string observer, string paymentId);
}

/// <summary>What a reconciliation run gave.</summary>
public abstract record ReconciliationResult
{
    private ReconciliationResult() { }

    public sealed record Done(ReconciliationResponse Report) : ReconciliationResult;

    public sealed record NotConfigured(string? Reason) : ReconciliationResult;

    public sealed record Rejected(int ResultCode, string Message) : ReconciliationResult;

    public sealed record Unavailable(string Message) : ReconciliationResult;
}
