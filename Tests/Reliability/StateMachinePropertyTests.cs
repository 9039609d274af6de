using CsCheck;
using Gateway.Payments;
using Gateway.Storage;
using Gateway.WebMoney;
using Microsoft.Extensions.Time.Testing;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Reliability;

/// <summary>
/// P3 "one final state, once": random histories of one payment — time passing (polls, the deadline), the
/// customer paying or being declined at WebMoney, streaks of technical errors, the cashier's cancel racing the
/// poller, and restarts (a new processor on the same journal file, resumed) — on fake time, so each history is
/// deterministic and shrinks to a minimal failing one.
/// </summary>
public sealed class StateMachinePropertyTests
{
    private enum OpKind { Advance, Pay, Decline, Errors, CancelRacingPoll, Restart }

    private sealed record Op(OpKind Kind, int Arg)
    {
        public override string ToString() => $"{Kind}({Arg})";
    }

    private static readonly Gen<Op> GenOp = Gen.Select(
        Gen.Frequency((4, Gen.Const(OpKind.Advance)), (1, Gen.Const(OpKind.Pay)), (1, Gen.Const(OpKind.Decline)),
            (2, Gen.Const(OpKind.Errors)), (2, Gen.Const(OpKind.CancelRacingPoll)), (2, Gen.Const(OpKind.Restart))),
        Gen.Int[1, 40], (kind, arg) => new Op(kind, arg));

    private static readonly Gen<Op[]> GenHistory = GenOp.Array[1, 10];

    [Fact]
    public async Task AnyHistory_OneFinalStateNeverLeft_PaidAtWebMoneyIsPaidOrLatePaid_AnnouncedInVersionOrder()
    {
        await GenHistory.SampleAsync(RunHistoryAsync, iter: 60, threads: 1,
            print: ops => string.Join(", ", ops.Select(o => o.ToString())));
    }

    // One settings snapshot for every run: making its certificate (an RSA key) is the slow part of a harness.
    private static readonly FixedSettingsStore Settings = new(timeoutSeconds: 60);

    /// <summary>The scripted WebMoney, but every answer comes back on another thread, so a cancel and a poll really interleave.</summary>
    private sealed class YieldingWebMoney(ScriptedWebMoneyClient inner) : IWebMoneyClient, IWebMoneyClientFactory
    {
        public IWebMoneyClient GetClient(WebMoneyConnection connection) => this;

        public async Task<WebMoneyOutcome<QrCreated>> CreateQrPaymentAsync(CreateQrCommand command, TimeSpan timeout, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return await inner.CreateQrPaymentAsync(command, timeout, cancellationToken);
        }

        public async Task<WebMoneyOutcome<StatusAnswer>> GetPaymentStatusAsync(string transactionId, TimeSpan timeout, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return await inner.GetPaymentStatusAsync(transactionId, timeout, cancellationToken);
        }

        public async Task<WebMoneyOutcome<CancelAnswer>> CancelPaymentAsync(string transactionId, TimeSpan timeout, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return await inner.CancelPaymentAsync(transactionId, timeout, cancellationToken);
        }

        public Task<WebMoneyOutcome<RefundAnswer>> RefundPaymentAsync(RefundCommand command, TimeSpan timeout, CancellationToken cancellationToken) =>
            inner.RefundPaymentAsync(command, timeout, cancellationToken);

        public Task<WebMoneyOutcome<RefundStatusAnswer>> GetRefundStatusAsync(string refundTransactionId, TimeSpan timeout, CancellationToken cancellationToken) =>
            inner.GetRefundStatusAsync(refundTransactionId, timeout, cancellationToken);
        public Task<WebMoneyOutcome<TransactionList>> GetTransactionsAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan timeout, CancellationToken cancellationToken) =>
            inner.GetTransactionsAsync(from, to, timeout, cancellationToken);
    }

    /// <summary>One gateway process's payments core on the shared journal file, fake time and WebMoney script.</summary>
    private static PaymentsHarness Node(TempDirectory directory, FakeTimeProvider time, ScriptedWebMoneyClient webMoney) =>
        new(directory: directory, time: time, client: webMoney, webMoney: new YieldingWebMoney(webMoney), settings: Settings);

    private static async Task RunHistoryAsync(Op[] history)
    {
        using var directory = new TempDirectory("p3");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        var webMoney = new ScriptedWebMoneyClient();
        var announced = new List<Payment>();
        var harness = Node(directory, time, webMoney);
        var step = TimeSpan.FromMilliseconds(500);
        try
        {
            var id = ((CreateResult.Created)await harness.Service.CreateAsync(PaymentsHarness.Request(), null, CancellationToken.None)).Payment.Id;
            foreach (var op in history)
            {
                switch (op.Kind)
                {
                    case OpKind.Advance:
                        await harness.StepAsync(TimeSpan.FromSeconds(op.Arg), step);
                        break;
                    case OpKind.Pay when !WireIsFinal(webMoney.DefaultStatus):
                        webMoney.DefaultStatus = WireStatus.Paid;
                        break;
                    case OpKind.Decline when !WireIsFinal(webMoney.DefaultStatus):
                        webMoney.DefaultStatus = WireStatus.Rejected;
                        break;
                    case OpKind.Errors:
                        for (var i = 0; i < op.Arg % 5; i++)
                        {
                            webMoney.Statuses.Enqueue(ScriptedWebMoneyClient.Technical<StatusAnswer>(i % 2 == 0 ? TechnicalErrorKind.Timeout : TechnicalErrorKind.Connect));
                        }
                        if (op.Arg % 2 == 0)
                        {
                            webMoney.Cancels.Enqueue(ScriptedWebMoneyClient.Technical<CancelAnswer>(TechnicalErrorKind.Connect));
                        }
                        break;
                    case OpKind.CancelRacingPoll:
                        var cancel = harness.Service.CancelAsync(id, CancellationToken.None);
                        var polls = harness.StepAsync(TimeSpan.FromSeconds(op.Arg % 8), step);
                        await Task.WhenAll(cancel, polls);
                        break;
                    case OpKind.Restart:
                        announced.AddRange(harness.Recorder.Seen);
                        harness.Dispose();
                        harness = Node(directory, time, webMoney);
                        await harness.Processor.ResumeAsync(CancellationToken.None);
                        break;
                }
            }
            // WebMoney recovers; the deadline and the background rechecks settle everything.
            webMoney.Statuses.Clear();
            webMoney.Cancels.Clear();
            await harness.StepAsync(TimeSpan.FromMinutes(40), TimeSpan.FromSeconds(20));
            announced.AddRange(harness.Recorder.Seen);
            var last = (await harness.Journal.GetAsync(id, CancellationToken.None))!.Payment;

            var mine = announced.Where(p => p.Id == id).ToList();
            Assert.True(last.IsFinal, $"still {last.Status}");
            // A recheck that finds nothing new bumps the journal version without announcing anything.
            Assert.Equal(last with { Version = 0 }, mine[^1] with { Version = 0 });
            for (var i = 1; i < mine.Count; i++)
            {
                Assert.True(mine[i].Version > mine[i - 1].Version, $"version {mine[i].Version} announced after {mine[i - 1].Version}");
            }
            var firstFinal = mine.FindIndex(p => p.IsFinal);
            Assert.All(mine.Skip(firstFinal), p => Assert.Equal(mine[firstFinal].Status, p.Status));
            Assert.All(mine.Skip(firstFinal), p => Assert.Equal(mine[firstFinal].CompletedAt, p.CompletedAt));
            var lateFrom = mine.FindIndex(p => p.LatePaid);
            Assert.True(lateFrom < 0 || mine.Skip(lateFrom).All(p => p.LatePaid), "latePaid was taken back");
            var paidAtWebMoney = webMoney.DefaultStatus == WireStatus.Paid;
            Assert.Equal(paidAtWebMoney, last.Status == PaymentStatus.Paid || last.LatePaid);
        }
        finally
        {
            harness.Dispose();
        }
    }

    private static bool WireIsFinal(string status) => status is WireStatus.Paid || PaymentLifecycle.IsDefinitelyNotPaid(status);
}
