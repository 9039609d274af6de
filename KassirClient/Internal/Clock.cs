using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace KassirClient.Internal;

/// <summary>
/// The client's clock: the few things it asks of time. It stands in for <c>System.TimeProvider</c>, which .NET
/// Framework 4.6.2 does not have (its package, Microsoft.Bcl.TimeProvider, would be a second DLL beside ours).
/// Tests replace it through <see cref="LocalPayClientOptions"/> (internal <c>Clock</c>) to drive time.
/// </summary>
internal abstract class Clock
{
    /// <summary>The real clock.</summary>
    public static Clock System { get; } = new SystemClock();

    /// <summary>
    /// The shortest wait a timer keeps: a shorter one completes at once without the clock moving, so a loop that
    /// waits for "what is left" until nothing is left must count less than this as nothing (else it spins).
    /// </summary>
    public static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(1);

    public abstract DateTimeOffset GetUtcNow();

    /// <summary>A monotonic timestamp, in <see cref="TimestampFrequency"/> ticks per second.</summary>
    public abstract long GetTimestamp();

    public abstract long TimestampFrequency { get; }

    /// <summary>Completes after <paramref name="delay"/>; throws <see cref="OperationCanceledException"/> when cancelled.</summary>
    public abstract Task Delay(TimeSpan delay, CancellationToken cancellationToken);

    public TimeSpan GetElapsedTime(long startingTimestamp) =>
        TimeSpan.FromTicks((long)((GetTimestamp() - startingTimestamp) * ((double)TimeSpan.TicksPerSecond / TimestampFrequency)));

    private sealed class SystemClock : Clock
    {
#pragma warning disable RS0030 // The one place the client reads the wall clock: this is its TimeProvider.System.
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow;
#pragma warning restore RS0030

        public override long GetTimestamp() => Stopwatch.GetTimestamp();

        public override long TimestampFrequency => Stopwatch.Frequency;

        public override Task Delay(TimeSpan delay, CancellationToken cancellationToken) =>
            delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, cancellationToken);
    }
}
