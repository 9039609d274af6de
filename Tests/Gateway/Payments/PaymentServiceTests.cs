using Gateway.Payments;
using Gateway.Storage;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.Payments;

/// <summary>
/// The use cases behind the API on the real core (fake time, real SQLite journal, scripted WebMoney): what a create
/// answers, and the long-poll GET /payments/{id}?waitSeconds=N — answers as soon as the payment is final, never later,
/// and never before its time while the payment is pending.
/// </summary>
public sealed class PaymentServiceTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    // A guard on the wall clock for tasks that should already be done: only a broken wait ever reaches it.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);
    private readonly PaymentsHarness _h = new(timeoutSeconds: 180, maxStatusErrors: 3);

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Create_QrIssued_PaymentPendingWithQrAndDeadline()
    {
        var payment = await _h.CreateAsync();

        Assert.Equal(PaymentStatus.Pending, payment.Status);
        Assert.StartsWith("https://qr.nspk.ru/", payment.QrPayload);
        Assert.Equal(payment.CreatedAt.AddSeconds(180), payment.Deadline);
        Assert.Equal(1, _h.Client.CountOf(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task LongPoll_EndsByTimeoutOrOnAnUnknownId_LeavesNoWaiterBehind()
    {
        var payment = await _h.CreateAsync();

        var unknown = await _h.Service.WaitAsync("no-such-payment", TimeSpan.FromSeconds(30), CancellationToken.None);
        var wait = _h.Service.WaitAsync(payment.Id, TimeSpan.FromSeconds(2), CancellationToken.None);
        var waitingMeanwhile = _h.Waiters.Count;
        var timedOut = await _h.RunWithTimeAsync(wait);

        Assert.Null(unknown);
        Assert.Equal(1, waitingMeanwhile);
        Assert.Equal(PaymentStatus.Pending, timedOut!.Status);
        Assert.Equal(0, _h.Waiters.Count);
    }

    [Fact]
    public async Task LongPoll_PaidWhileWaiting_AnswersPaidAtOnce_NotAtTheEndOfTheWait()
    {
        var payment = await _h.CreateAsync();
        var wait = _h.Service.WaitAsync(payment.Id, TimeSpan.FromSeconds(30), CancellationToken.None);
        _h.Client.Statuses.Enqueue(ScriptedWebMoneyClient.Status(WireStatus.Paid));

        await _h.AdvanceAsync(Interval);
        var answered = await wait.WaitAsync(Hang);

        Assert.Equal(PaymentStatus.Paid, answered!.Status);
        Assert.NotNull(answered.CompletedAt);
        Assert.Equal(0, _h.Waiters.Count);
    }

    [Fact]
    public async Task LongPoll_PaymentAlreadyFinal_AnswersAtOnceWithoutWaiting()
    {
        var payment = await _h.CreateAsync();
        await _h.Service.CancelAsync(payment.Id, CancellationToken.None);

        // Fake time does not move: a wait that waited at all would never answer.
        var answered = await _h.Service.WaitAsync(payment.Id, TimeSpan.FromSeconds(30), CancellationToken.None).WaitAsync(Hang);

        Assert.Equal(PaymentStatus.Cancelled, answered!.Status);
        Assert.Equal(0, _h.Waiters.Count);
    }

    [Fact]
    public async Task LongPoll_StillPending_WaitsTheWholeTimeThroughPolls_ThenAnswersPending()
    {
        var payment = await _h.CreateAsync();
        var wait = _h.Service.WaitAsync(payment.Id, TimeSpan.FromSeconds(12), CancellationToken.None);

        // Two polls answered "waiting for payment" in between: the wait goes on through them.
        await _h.AdvanceAsync(TimeSpan.FromSeconds(11));
        var answeredEarly = wait.IsCompleted;
        var polls = _h.Client.CountOf(PosApi.GetPaymentStatus);
        await _h.AdvanceAsync(TimeSpan.FromSeconds(1));
        var answered = await wait.WaitAsync(Hang);

        Assert.False(answeredEarly);
        Assert.Equal(2, polls);
        Assert.Equal(PaymentStatus.Pending, answered!.Status);
        Assert.Equal(0, _h.Waiters.Count);
    }
}
