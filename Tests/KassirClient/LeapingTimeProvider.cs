namespace Tests.KassirClient;

/// <summary>
/// A clock that never makes anyone wait: every timer fires at once and moves the clock forward by its due
/// time. It lets a test run a client through minutes of backoff (e.g. a gateway down past a payment's deadline)
/// in milliseconds, while the sequence of waits stays exactly what the client asked for.
/// </summary>
internal sealed class LeapingTimeProvider : TimeProvider
{
    private long utcTicks;
    private long leaps;

    public LeapingTimeProvider(DateTimeOffset start) => utcTicks = start.UtcTicks;

    /// <summary>How many timers have fired (each one a wait the client asked for).</summary>
    public long Leaps => Interlocked.Read(ref leaps);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref utcTicks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref utcTicks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by) => Interlocked.Add(ref utcTicks, by.Ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Advance(dueTime);
            Interlocked.Increment(ref leaps);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        return new InertTimer();
    }

    private sealed class InertTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
