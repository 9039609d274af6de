using Gateway.WebMoney;
using WebMoneyContract;

namespace Gateway.Payments;

/// <summary>The follow-up of a create given up while it may have reached WebMoney (SPEC §4, issue #23.3).</summary>
public sealed partial class PaymentProcessor
{
    private static CreateQrCommand CreateCommand(Payment payment) =>
        new(payment.Id, payment.PaymentSystem.WireName(), payment.Amount, payment.Currency, payment.Description);

    /// <summary>
    /// The follow-up of a create given up while it may have reached WebMoney: re-sent with the same ExternalId to learn
    /// the transaction, which is then cancelled (and checked until WebMoney confirms); otherwise tried again later.
    /// </summary>
    private async Task<JournalEntry> FollowUpCreateAsync(PaymentContext context, JournalEntry entry)
    {
        var client = context.Client;
        var command = CreateCommand(entry.Payment);
        var outcome = client is null ? NoClient<QrCreated>(MaxCallTimeout) : await CallAsync(null, t => client.CreateQrPaymentAsync(command, t, CancellationToken.None));
        Note(entry.Payment.Id, PosApi.CreateQrPayment, outcome);
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
}
