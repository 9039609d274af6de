using Gateway.Operations;
using Gateway.Payments;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.Operations;

/// <summary>
/// The timer queue every pending payment waits in: polls come out in due order, never early, a re-schedule replaces
/// the old due time, and a new entry wakes whoever sleeps on the queue. Times are monotonic offsets, as the processor's
/// <see cref="PaymentProcessor.Elapsed"/> on a fake clock gives them.
/// </summary>
public sealed class PollSchedulerTests : IDisposable
{
    private readonly PaymentsHarness _h = new(timeoutSeconds: 180, maxStatusErrors: 3);
    private readonly PollScheduler _scheduler = new();

    public void Dispose() => _h.Dispose();

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void TakeDue_GivesTheDueOnesInDueOrder_NotTheEarlyOnes_AndWhenTheNextIsDue()
    {
        _scheduler.Schedule("c", S(3));
        _scheduler.Schedule("a", S(1));
        _scheduler.Schedule("d", S(10));
        _scheduler.Schedule("b", S(2));

        var (due, next, _) = _scheduler.TakeDue(S(2.5));
        var (again, _, _) = _scheduler.TakeDue(S(2.5));

        Assert.Equal(["a", "b"], due);
        Assert.Equal(S(3), next);
        Assert.Empty(again); // taken once: a payment is never polled twice for one due time
        Assert.Equal(2, _scheduler.Count);
    }

    [Fact]
    public void TakeDue_ExactlyAtTheDueTime_IsDue()
    {
        _scheduler.Schedule("a", S(5));

        var (before, _, _) = _scheduler.TakeDue(S(5) - TimeSpan.FromTicks(1));
        var (at, next, _) = _scheduler.TakeDue(S(5));

        Assert.Empty(before);
        Assert.Equal(["a"], at);
        Assert.Null(next);
    }

    [Fact]
    public void Reschedule_ReplacesTheEarlierDueTime_LaterOrSooner()
    {
        _scheduler.Schedule("later", S(1));
        _scheduler.Schedule("later", S(8));
        _scheduler.Schedule("sooner", S(9));
        _scheduler.Schedule("sooner", S(2));

        var (atThree, next, _) = _scheduler.TakeDue(S(3));
        var (atEight, _, _) = _scheduler.TakeDue(S(8));
        var (atNine, nothingNext, _) = _scheduler.TakeDue(S(9));

        Assert.Equal(["sooner"], atThree);
        Assert.Equal(S(8), next);
        Assert.Equal(["later"], atEight);
        Assert.Empty(atNine);
        Assert.Null(nothingNext);
    }

    [Fact]
    public void Unschedule_EndedPaymentIsNeverPolledAgain_AndNoLongerTheNext()
    {
        _scheduler.Schedule("ended", S(1));
        _scheduler.Schedule("pending", S(4));

        _scheduler.Unschedule("ended");
        var (due, next, _) = _scheduler.TakeDue(S(2));

        Assert.Empty(due);
        Assert.Equal(S(4), next);
        Assert.Equal(1, _scheduler.Count);
    }

    [Fact]
    public void Schedule_WakesWhoeverSleptOnTheQueue_EvenWithNothingDueBefore()
    {
        var (_, nothing, changed) = _scheduler.TakeDue(S(0));
        var sleptBefore = changed.IsCompleted;

        _scheduler.Schedule("new", S(5));

        Assert.Null(nothing);
        Assert.False(sleptBefore);
        Assert.True(changed.IsCompleted);
        Assert.False(_scheduler.TakeDue(S(0)).Changed.IsCompleted); // a fresh wake for the next sleep
    }

    [Fact]
    public async Task ManyPendingPayments_EachPolledOnItsOwnCadence_NotInOneBurst()
    {
        // 20 payments, one every 250 ms: each is due 5 s after its own QR, so the polls come one per 250 ms step.
        for (var i = 0; i < 20; i++)
        {
            await _h.CreateAsync(PaymentsHarness.Request(terminal: "T" + i));
            _h.Time.Advance(TimeSpan.FromMilliseconds(250));
        }
        var counts = new List<int>();

        for (var step = 0; step < 10; step++)
        {
            await _h.AdvanceAsync(TimeSpan.FromMilliseconds(250));
            counts.Add(_h.Client.CountOf(PosApi.GetPaymentStatus));
        }

        Assert.Equal(Enumerable.Range(2, 10), counts);
    }
}
