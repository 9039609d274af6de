using Gateway.History;
using Gateway.Payments;
using Gateway.Settings;
using Gateway.WebMoney;
using WebMoneyContract;

namespace Gateway.Admin;

/// <summary>
/// «Проверить сейчас» for a payment that ended without a definite "not paid" (SPEC §4, §12): one status call, carried
/// out by the payment processor like any of its checks (the payment's lock, the versioned commit, the announcement
/// that also records the request in the history): paid → <c>latePaid</c>; rejected / expired / cancelled → resolved.
/// Any other answer changes nothing (the background checks go on). This class only checks what can be asked and says
/// what came of it in words.
/// </summary>
public sealed class PaymentRecheck(IPaymentStore journal, ISettingsStore settings, PaymentProcessor processor)
{
    public async Task<RecheckOutcome> RunAsync(string id, CancellationToken ct)
    {
        var entry = await journal.GetAsync(id, ct);
        if (entry is null)
        {
            return new RecheckOutcome.NotFound();
        }
        if (PaymentLifecycle.DuePass(entry) != Pass.Recheck)
        {
            return new RecheckOutcome.NothingToCheck(entry.Payment);
        }
        // Under the identity the payment went out under (SPEC §15), never another till's.
        var identity = settings.Current.ForPosNumber(entry.Payment.PosNumber, entry.Payment.TerminalId);
        if (identity.Connection is null)
        {
            return new RecheckOutcome.NotConfigured(identity.Problem);
        }
        var checkedNow = await processor.CheckNowAsync(id, ConnectionCheck.CallTimeout, ct);
        if (checkedNow is not { } done)
        {
            return new RecheckOutcome.NotFound();
        }
        if (done.Outcome is not { } outcome)
        {
            return new RecheckOutcome.NothingToCheck(done.After);
        }
        var changed = done.After with { Version = 0 } != done.Before with { Version = 0 };
        return new RecheckOutcome.Checked(done.After, changed, Describe(outcome, (outcome as WebMoneyOutcome<StatusAnswer>.Success)?.Value.Status));
    }

    private static string Describe(WebMoneyOutcome<StatusAnswer> outcome, string? status) => outcome switch
    {
        _ when status == WireStatus.Paid => "WebMoney: платёж ОПЛАЧЕН. Он отмечен как оплаченный поздно — проверьте чек.",
        _ when PaymentLifecycle.IsDefinitelyNotPaid(status) =>
            $"WebMoney: {HistoryTexts.Status(status)} — оплаты нет, проверки закончены.",
        WebMoneyOutcome<StatusAnswer>.Success => $"WebMoney: {HistoryTexts.Status(status)}. Ничего не изменилось, фоновые проверки продолжаются.",
        WebMoneyOutcome<StatusAnswer>.Refusal r => $"WebMoney отказал (код {r.ResultCode}): {r.Message}. Фоновые проверки продолжаются.",
        WebMoneyOutcome<StatusAnswer>.TechnicalError t => $"WebMoney не ответил: {HistoryTexts.Kind(t.Kind)}. Фоновые проверки продолжаются.",
        _ => "Нет ответа.",
    };
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
