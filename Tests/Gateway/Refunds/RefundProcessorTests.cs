using Gateway;
using Gateway.Journal;
using Gateway.Operations;
using Gateway.Refunds;
using Gateway.Storage;
using Gateway.WebMoney;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.Refunds;

/// <summary>
/// The refund executor on a real SQLite journal with fake time and a scripted WebMoney: the polling interval, the
/// back-off of an unresolved refund and the restart are driven on the clock, never waited for.
/// </summary>
public sealed class RefundProcessorTests : IDisposable
{
    private readonly PaymentsHarness _payments = new();
    private readonly RefundJournal _journal;
    private readonly Waiters<Refund> _waiters = new();

    public RefundProcessorTests() => _journal = new RefundJournal(_payments.Directory.File("payments.db"));

    public void Dispose()
    {
        _journal.Dispose();
        _payments.Dispose();
    }

    private RefundProcessor Processor() => new(_journal, _payments.Client, _payments.Settings, _payments.Time, _waiters,
        Options.Create(new GatewayOptions()), new FakeLogger<RefundProcessor>());

    private async Task<string> PaidPaymentAsync()
    {
        var payment = await _payments.CreateAsync();
        _payments.Client.Statuses.Enqueue(ScriptedWebMoneyClient.Status(WireStatus.Paid));
        await _payments.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(global::Gateway.Storage.PaymentStatus.Paid, (await _payments.GetAsync(payment.Id)).Status);
        return payment.Id;
    }

    private async Task<Refund> ReserveAsync(string paymentId, decimal amount)
    {
        var reserved = await _journal.TryReserveAsync(new RefundDraft(Guid.NewGuid().ToString("N"), paymentId, amount, null, null, "h",
            _payments.Time.GetUtcNow(), MaxStatusErrors: 3, Configured: true), CancellationToken.None);
        return Assert.IsType<ReserveResult.Inserted>(reserved).Refund;
    }

    /// <summary>Moves fake time in 1 s steps, running every refund step that falls due.</summary>
    private static async Task AdvanceAsync(PaymentsHarness payments, RefundProcessor processor, TimeSpan by)
    {
        for (var moved = TimeSpan.Zero; moved < by; moved += TimeSpan.FromSeconds(1))
        {
            payments.Time.Advance(TimeSpan.FromSeconds(1));
            var (due, _, _) = processor.Scheduler.TakeDue(processor.Elapsed);
            foreach (var id in due)
            {
                await processor.RunDueAsync(id, CancellationToken.None);
            }
        }
    }

    [Fact]
    public async Task PendingRefund_FourthTechnicalErrorInARow_Unresolved_CheckedAgainAfterTheBackoff_ThenSucceeds()
    {
        var processor = Processor();
        var paymentId = await PaidPaymentAsync();
        _payments.Client.Refunds.Enqueue(new WebMoneyOutcome<RefundAnswer>.Success(new RefundAnswer("RT-1", WireRefundStatus.Pending, null)));
        for (var i = 0; i < 4; i++)
        {
            _payments.Client.RefundStatuses.Enqueue(ScriptedWebMoneyClient.Technical<RefundStatusAnswer>());
        }
        var sent = await processor.SendAsync(await ReserveAsync(paymentId, 100m), CancellationToken.None);
        Assert.Equal(RefundStatus.Pending, sent.Status);

        // Four polls, one every PollInterval (5 s): the fourth technical error in a row makes it unresolved.
        await AdvanceAsync(_payments, processor, TimeSpan.FromSeconds(20));
        var unresolved = (await _journal.GetAsync(sent.Id, CancellationToken.None))!;
        Assert.True(unresolved.Unresolved);
        Assert.Equal(RefundStatus.Pending, unresolved.Status);
        Assert.Equal(4, _payments.Client.CountOf(PosApi.GetRefundStatus));

        // The next check waits for the first back-off (RecheckFirstIntervalSeconds, 30 s), not the poll interval.
        await AdvanceAsync(_payments, processor, TimeSpan.FromSeconds(29));
        Assert.Equal(4, _payments.Client.CountOf(PosApi.GetRefundStatus));
        await AdvanceAsync(_payments, processor, TimeSpan.FromSeconds(2));

        var final = (await _journal.GetAsync(sent.Id, CancellationToken.None))!;
        Assert.Equal(5, _payments.Client.CountOf(PosApi.GetRefundStatus));
        Assert.Equal(RefundStatus.Succeeded, final.Status);
        Assert.False(final.Unresolved);
        Assert.Equal(1, _payments.Client.CountOf(PosApi.RefundPayment));
    }

    [Fact]
    public async Task Restart_RefundJournalledButNeverAnswered_IsResentWithTheSameRefundId_Once()
    {
        var paymentId = await PaidPaymentAsync();
        var reserved = await ReserveAsync(paymentId, 40m);
        var commands = new List<RefundCommand>();
        var recording = new RecordingClient(_payments.Client, commands);

        // A new process: nothing in memory, only the row. Resume schedules it; the due step re-sends it.
        var restarted = new RefundProcessor(_journal, recording, _payments.Settings, _payments.Time, _waiters,
            Options.Create(new GatewayOptions()), new FakeLogger<RefundProcessor>());
        await restarted.ResumeAsync(CancellationToken.None);
        await AdvanceAsync(_payments, restarted, TimeSpan.FromSeconds(3));

        Assert.Equal(RefundStatus.Succeeded, (await _journal.GetAsync(reserved.Id, CancellationToken.None))!.Status);
        var command = Assert.Single(commands);
        Assert.Equal(reserved.Id, command.RefundId);
        Assert.Equal(40m, command.Amount);
        Assert.Empty(await _journal.LoadActiveAsync(CancellationToken.None));
    }

    private sealed class RecordingClient(ScriptedWebMoneyClient inner, List<RefundCommand> commands) : IWebMoneyClientFactory
    {
        public IWebMoneyClient GetClient(WebMoneyConnection connection) => new Recorder(inner, commands);

        private sealed class Recorder(ScriptedWebMoneyClient inner, List<RefundCommand> commands) : IWebMoneyClient
        {
            public Task<WebMoneyOutcome<QrCreated>> CreateQrPaymentAsync(CreateQrCommand command, TimeSpan timeout, CancellationToken ct) =>
                inner.CreateQrPaymentAsync(command, timeout, ct);

            public Task<WebMoneyOutcome<StatusAnswer>> GetPaymentStatusAsync(string transactionId, TimeSpan timeout, CancellationToken ct) =>
                inner.GetPaymentStatusAsync(transactionId, timeout, ct);

            public Task<WebMoneyOutcome<CancelAnswer>> CancelPaymentAsync(string transactionId, TimeSpan timeout, CancellationToken ct) =>
                inner.CancelPaymentAsync(transactionId, timeout, ct);

            public Task<WebMoneyOutcome<RefundAnswer>> RefundPaymentAsync(RefundCommand command, TimeSpan timeout, CancellationToken ct)
            {
                commands.Add(command);
                return inner.RefundPaymentAsync(command, timeout, ct);
            }

            public Task<WebMoneyOutcome<RefundStatusAnswer>> GetRefundStatusAsync(string refundTransactionId, TimeSpan timeout, CancellationToken ct) =>
                inner.GetRefundStatusAsync(refundTransactionId, timeout, ct);

            public Task<WebMoneyOutcome<TransactionList>> GetTransactionsAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan timeout, CancellationToken ct) =>
                inner.GetTransactionsAsync(from, to, timeout, ct);
        }
    }
}
