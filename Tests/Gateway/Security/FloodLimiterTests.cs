using System.Threading.RateLimiting;
using Gateway.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Tests.Gateway.Security;

/// <summary>The flood limiter costs nothing while the gateway is idle: no timer, the bucket refills from elapsed time.</summary>
public sealed class FloodLimiterTests
{
    private static readonly SecurityOptions Limits = new() { Burst = 3, RequestsPerSecond = 2, ConcurrentRequests = 2, QueueLength = 1 };

    [Fact]
    public async Task Bucket_RefusesPastTheBurst_WithRetryAfter_AndRefillsFromTheTimeElapsed()
    {
        var time = new FakeTimeProvider();
        using var limiter = new FloodLimiter(Limits, time);

        var burst = new List<FloodLease>();
        for (var i = 0; i < 3; i++)
        {
            burst.Add(await limiter.AcquireAsync(Request("GET", "/payment-types"), default));
            burst[^1].Dispose();
        }
        using var refused = await limiter.AcquireAsync(Request("GET", "/payment-types"), default);
        time.Advance(TimeSpan.FromSeconds(0.5));
        using var afterHalfASecond = await limiter.AcquireAsync(Request("GET", "/payment-types"), default);

        Assert.All(burst, l => Assert.True(l.IsAcquired));
        Assert.False(refused.IsAcquired);
        Assert.Equal(TimeSpan.FromSeconds(0.5), refused.RetryAfter);
        Assert.True(afterHalfASecond.IsAcquired);
    }

    [Fact]
    public async Task ConcurrencyCap_QueuesOneThenRefuses_AndAReleasedSlotGoesToTheQueuedRequest()
    {
        using var limiter = new FloodLimiter(new SecurityOptions { ConcurrentRequests = 1, QueueLength = 1 }, new FakeTimeProvider());

        var first = await limiter.AcquireAsync(Request("GET", "/payments"), default);
        var queued = limiter.AcquireAsync(Request("GET", "/payments"), default).AsTask();
        using var refused = await limiter.AcquireAsync(Request("GET", "/payments"), default);
        var queuedBeforeRelease = queued.IsCompleted;
        first.Dispose();
        using var second = await queued.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(queuedBeforeRelease);
        Assert.False(refused.IsAcquired);
        Assert.True(second.IsAcquired);
    }

    internal static HttpRequest Request(string method, string pathAndQuery)
    {
        var context = new DefaultHttpContext();
        var parts = pathAndQuery.Split('?', 2);
        context.Request.Method = method;
        context.Request.Path = parts[0];
        context.Request.QueryString = new QueryString(parts.Length > 1 ? "?" + parts[1] : "");
        return context.Request;
    }
}

/// <summary>
/// Counts the process's active System.Threading timers around building limiters. Not parallel with other tests,
/// which create and drop timers of their own; margins are wide (tens of timers against one or two strays).
/// </summary>
[Collection(TimerAccounting.Name)]
public sealed class FloodLimiterTimerTests
{
    private const int Limiters = 40;

    [Fact]
    public async Task FloodLimiters_ArmNoTimer_WhereAPartitionedRateLimiterArmsOneEach()
    {
        var limiters = new List<FloodLimiter>();
        var before = Timer.ActiveCount;
        for (var i = 0; i < Limiters; i++)
        {
            var limiter = new FloodLimiter(new SecurityOptions(), TimeProvider.System);
            limiters.Add(limiter);
            foreach (var request in new[] { FloodLimiterTests.Request("GET", "/payments"), FloodLimiterTests.Request("GET", "/payments/p1?waitSeconds=5"), FloodLimiterTests.Request("GET", "/health/ready") })
            {
                (await limiter.AcquireAsync(request, default)).Dispose();
            }
        }
        var ours = Timer.ActiveCount - before;
        // The yardstick the gateway used before: PartitionedRateLimiter.Create runs a 100 ms heartbeat timer each.
        var partitioned = new List<PartitionedRateLimiter<string>>();
        before = Timer.ActiveCount;
        for (var i = 0; i < Limiters; i++)
        {
            partitioned.Add(PartitionedRateLimiter.Create<string, string>(_ => RateLimitPartition.GetNoLimiter("all")));
        }
        var theirs = Timer.ActiveCount - before;
        limiters.ForEach(l => l.Dispose());
        partitioned.ForEach(l => l.Dispose());

        Assert.True(theirs >= Limiters * 3 / 4, $"the probe should see the partitioned limiters' timers: {theirs}");
        Assert.True(ours < Limiters / 4, $"{Limiters} flood limiters armed {ours} timers");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimerAccounting
{
    public const string Name = "Timer accounting";
}

