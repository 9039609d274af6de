namespace Gateway.Security;

/// <summary>
/// A token bucket that refills from the time elapsed since it was last asked (tokens accrue continuously at
/// <c>perSecond</c> up to <c>limit</c>), so it needs no replenishment timer: with no requests nothing runs.
/// Nothing waits on it (a refusal is answered at once), so no timer is ever due for a waiter either.
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock _lock = new();
    private readonly int _limit;
    private readonly double _perSecond;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _at;

    public TokenBucket(int limit, int perSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        ArgumentNullException.ThrowIfNull(time);
        _limit = limit;
        _perSecond = perSecond;
        _time = time;
        _tokens = limit;
        _at = time.GetTimestamp();
    }

    /// <summary>Takes a token if there is one; otherwise says when the next one accrues.</summary>
    public bool TryTake(out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_limit, _tokens + _time.GetElapsedTime(_at, now).TotalSeconds * _perSecond);
            _at = now;
            if (_tokens >= 1)
            {
                _tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }
            retryAfter = TimeSpan.FromSeconds((1 - _tokens) / _perSecond);
            return false;
        }
    }
}
