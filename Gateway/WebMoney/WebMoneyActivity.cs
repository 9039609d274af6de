namespace Gateway.WebMoney;

/// <summary>What readiness reports about WebMoney: the last successful call and the clock skew it showed.</summary>
public sealed class WebMoneyActivity
{
    private long _lastSuccessTicks;
    private long _clockSkewTicks;
    private int _hasSkew;

    /// <summary>When a call last got a well-formed answer (success or refusal), or null.</summary>
    public DateTimeOffset? LastSuccessAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastSuccessTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Server time minus local time, as seen in the last answer that carried the server's time.</summary>
    public TimeSpan? ClockSkew => Volatile.Read(ref _hasSkew) == 1 ? TimeSpan.FromTicks(Interlocked.Read(ref _clockSkewTicks)) : null;

    public void RecordAnswer(DateTimeOffset at) => Interlocked.Exchange(ref _lastSuccessTicks, at.UtcTicks);

    public void RecordClockSkew(TimeSpan skew)
    {
        Interlocked.Exchange(ref _clockSkewTicks, skew.Ticks);
        Volatile.Write(ref _hasSkew, 1);
    }
}
