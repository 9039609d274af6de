using Gateway.Payments;
using Gateway.Storage;
using Microsoft.Extensions.Time.Testing;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Reliability;

/// <summary>
/// P5 "time": the PC's wall clock is set an hour forward or back (NTP, a cashier fixing the time zone) while a
/// payment is pending. Its deadline is measured on the monotonic clock, so it ends exactly on time either way.
/// The scripted WebMoney here ignores RequestTime; the signed-time side (WebMoney's clock off the POS's, with the
/// real emulator's clockOffsetSeconds) is <see cref="ClockOffsetTests"/>.
/// </summary>
public sealed class ClockJumpTests : IDisposable
{
    private readonly TempDirectory _directory = new("clock-jump");

    public void Dispose() => _directory.Dispose();

    /// <summary>Monotonic time (timestamps, timers) from a fake clock; the wall clock can jump on its own.</summary>
    private sealed class JumpingClock(FakeTimeProvider steady) : TimeProvider
    {
        public TimeSpan WallOffset { get; set; }

        public override DateTimeOffset GetUtcNow() => steady.GetUtcNow() + WallOffset;

        public override long GetTimestamp() => steady.GetTimestamp();

        public override long TimestampFrequency => steady.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            steady.CreateTimer(callback, state, dueTime, period);
    }

    [Theory]
    [InlineData(+1)]
    [InlineData(-1)]
    public async Task WallClockJumpsAnHour_WhilePending_DeadlineNeitherShorterNorLonger(int hours)
    {
        var steady = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        var clock = new JumpingClock(steady);
        using var h = new PaymentsHarness(timeoutSeconds: 60, directory: _directory, time: steady, clock: clock);
        var created = (CreateResult.Created)await h.Service.CreateAsync(PaymentsHarness.Request(), null, CancellationToken.None);
        var id = created.Payment.Id;
        Task Run(int seconds) => h.StepAsync(TimeSpan.FromSeconds(seconds), TimeSpan.FromMilliseconds(250));

        await Run(10);
        clock.WallOffset = TimeSpan.FromHours(hours);
        await Run(49);
        var justBefore = (await h.EntryAsync(id)).Payment;
        await Run(2);
        var justAfter = (await h.EntryAsync(id)).Payment;

        Assert.Equal(PaymentStatus.Pending, justBefore.Status);
        Assert.Equal(PaymentStatus.TimedOut, justAfter.Status);
        Assert.Equal(1, h.Client.CountOf(PosApi.CancelPayment));
        // Ended on the monotonic clock: 60 s of steady time after creation, whatever the wall clock says since.
        Assert.InRange(justAfter.CompletedAt!.Value - clock.WallOffset, created.Payment.CreatedAt.AddSeconds(60), created.Payment.CreatedAt.AddSeconds(61));
    }
}
