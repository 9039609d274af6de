using Gateway.Payments;
using Gateway.Storage;
using Microsoft.Extensions.Time.Testing;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.Payments;

/// <summary>
/// The one loop that drives every pending payment, running as the host runs it (a started BackgroundService) on fake
/// time: with nothing pending it sleeps, costing the shop PC nothing, and a payment created meanwhile wakes it, so its
/// first poll comes about one interval later, not never.
/// </summary>
public sealed class StatusPollerTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);
    private readonly CountingClock _clock;
    private readonly PaymentsHarness _h;
    private readonly StatusPoller _poller;

    public StatusPollerTests()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        _clock = new CountingClock(time);
        _h = new PaymentsHarness(time: time, clock: _clock);
        _poller = new StatusPoller(_h.Processor, _clock);
    }

    public Task InitializeAsync() => _poller.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _poller.StopAsync(CancellationToken.None);
        _poller.Dispose();
        _h.Dispose();
    }

    [Fact]
    public async Task NothingPending_AnHourPasses_NoCallToWebMoney_AndTheLoopStaysAsleep()
    {
        await AsleepAsync();
        var readsBefore = _clock.Reads;

        for (var minute = 0; minute < 60; minute++)
        {
            _h.Time.Advance(TimeSpan.FromMinutes(1));
        }
        await AsleepAsync();

        Assert.Empty(_h.Client.Calls);
        // A pass of the loop reads the clock twice; a loop that spun (or woke every few seconds) would read it thousands of times.
        Assert.InRange(_clock.Reads - readsBefore, 0, 20);
    }

    [Fact]
    public async Task PaymentCreatedWhileTheLoopSleeps_WakesIt_FirstPollAboutOneIntervalLater()
    {
        await AsleepAsync();
        var since = _h.Processor.Elapsed;
        var id = (await _h.CreateAsync()).Id;

        var polledAfter = await FirstPollAsync(within: TimeSpan.FromMinutes(1));

        // Never early (the payment's own cadence); at most a step or two late for the test's nudging, never "not woken".
        Assert.InRange(polledAfter - since, Interval, 2 * Interval);
        Assert.Equal(1, _h.Client.CountOf(PosApi.GetPaymentStatus));
        Assert.Equal(PaymentStatus.Pending, (await _h.GetAsync(id)).Status);
    }

    [Fact]
    public async Task PendingPaymentPaidAtWebMoney_TheLoopAloneEndsItPaid()
    {
        await AsleepAsync();
        var id = (await _h.CreateAsync()).Id;
        _h.Client.DefaultStatus = WireStatus.Paid;

        await FirstPollAsync(within: TimeSpan.FromMinutes(1));
        var paid = await _h.Service.WaitAsync(id, TimeSpan.FromMinutes(1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(PaymentStatus.Paid, paid!.Status);
        Assert.Equal(0, _h.Processor.Scheduler.Count); // ended: nothing left for the loop to wake up for
    }

    /// <summary>
    /// Nudges fake time a step at a time, giving the loop a moment of real time after each, until the first status
    /// call; answers the fake time it came at.
    /// </summary>
    private async Task<TimeSpan> FirstPollAsync(TimeSpan within)
    {
        for (var moved = TimeSpan.Zero; moved < within; moved += Step)
        {
            _h.Time.Advance(Step);
            for (var i = 0; i < 10 && _h.Client.CountOf(PosApi.GetPaymentStatus) == 0; i++)
            {
                await Task.Delay(5);
            }
            if (_h.Client.CountOf(PosApi.GetPaymentStatus) > 0)
            {
                return _h.Processor.Elapsed;
            }
        }
        throw new TimeoutException($"no status poll within {within} of fake time");
    }

    /// <summary>
    /// Waits (on the wall clock, bounded) until the loop stops reading the clock for a while: it sleeps. A loop that
    /// never sleeps never gets there and fails the test.
    /// </summary>
    private async Task AsleepAsync()
    {
        var still = 0;
        var last = -1L;
        var started = TimeProvider.System.GetTimestamp();
        while (still < 5)
        {
            await Task.Delay(50);
            var reads = _clock.Reads;
            still = reads == last && reads > 0 ? still + 1 : 0;
            last = reads;
            if (TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("the status poller never went to sleep");
            }
        }
    }

    /// <summary>The fake clock, counting how often the monotonic time is read (every pass of the loop reads it).</summary>
    private sealed class CountingClock(FakeTimeProvider fake) : TimeProvider
    {
        private long _reads;

        public long Reads => Interlocked.Read(ref _reads);

        public override long GetTimestamp()
        {
            Interlocked.Increment(ref _reads);
            return fake.GetTimestamp();
        }

        public override long TimestampFrequency => fake.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

        public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            fake.CreateTimer(callback, state, dueTime, period);
    }
}
