using System.Threading.RateLimiting;

namespace Gateway.Security;

/// <summary>
/// The limits of <see cref="GatewayRateLimits"/>'s partitions, with no timer anywhere: an idle gateway never wakes
/// for them. ASP.NET Core's rate-limiting middleware and <c>PartitionedRateLimiter.Create</c> each run a 100 ms
/// heartbeat for the life of the process (three of them here: 30 wake-ups a second with nothing to do, most of
/// the idle gateway's CPU), and an auto-replenishing token bucket a timer per period; so the partitions are fixed
/// limiters held here, the bucket refills from the time elapsed when it is asked, and the concurrency caps are
/// <see cref="ConcurrencyLimiter"/>s (timer-free: a released slot goes straight to the oldest queued request).
/// </summary>
public sealed class FloodLimiter : IDisposable
{
    private readonly TokenBucket _apiRate;
    private readonly ConcurrencyLimiter _api;
    private readonly ConcurrencyLimiter _longPoll;

    /// <param name="limits">The Security section.</param>
    /// <param name="time">The wall clock in the gateway: a flood comes in real time even when tests fake the payments' time.</param>
    public FloodLimiter(SecurityOptions limits, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _apiRate = new TokenBucket(limits.Burst, limits.RequestsPerSecond, time);
        _api = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = limits.ConcurrentRequests,
            QueueLimit = limits.QueueLength,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _longPoll = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = limits.LongPollConcurrency, QueueLimit = 0 });
    }

    /// <summary>A slot for <paramref name="request"/>, or a refusal with the seconds to wait (dispose the lease when the request ends).</summary>
    public async ValueTask<FloodLease> AcquireAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        switch (GatewayRateLimits.PartitionOf(request))
        {
            case GatewayRateLimits.Exempt:
                return FloodLease.Free;
            case GatewayRateLimits.LongPoll:
                return FloodLease.Of(_longPoll.AttemptAcquire());
            default:
                // The bucket first: a request refused by rate is not left holding a concurrency slot.
                if (!_apiRate.TryTake(out var retryAfter))
                {
                    return FloodLease.Refused(retryAfter);
                }
                return FloodLease.Of(await _api.AcquireAsync(1, cancellationToken).ConfigureAwait(false));
        }
    }

    public void Dispose()
    {
        _api.Dispose();
        _longPoll.Dispose();
    }
}

/// <summary>What <see cref="FloodLimiter.AcquireAsync"/> gave: a slot to hold while the request runs, or a refusal.</summary>
public sealed class FloodLease : IDisposable
{
    private readonly RateLimitLease? _lease;

    private FloodLease(bool acquired, RateLimitLease? lease, TimeSpan retryAfter)
    {
        IsAcquired = acquired;
        _lease = lease;
        RetryAfter = retryAfter;
    }

    public static FloodLease Free { get; } = new(true, null, TimeSpan.Zero);

    public bool IsAcquired { get; }

    /// <summary>For a refusal: how long until a retry could pass (at least a second is advertised).</summary>
    public TimeSpan RetryAfter { get; }

    public static FloodLease Refused(TimeSpan retryAfter) => new(false, null, retryAfter);

    public static FloodLease Of(RateLimitLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (lease.IsAcquired)
        {
            return new FloodLease(true, lease, TimeSpan.Zero);
        }
        lease.Dispose();
        return Refused(TimeSpan.FromSeconds(1)); // a full concurrency cap frees up within about a request's time
    }

    public void Dispose() => _lease?.Dispose();
}
