namespace WebMoneyEmulator;

/// <summary>
/// The emulator's clock: the machine's (or a test's) clock plus <see cref="Offset"/>, so a test can make
/// WebMoney's time run ahead of the gateway's (option <c>clockOffsetSeconds</c>). Everything the emulator
/// dates reads it: the RequestTime check, ServerTime, PaidAt, QR expiry and the HTTP Date header.
/// </summary>
internal sealed class EmulatorClock(TimeProvider inner) : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
