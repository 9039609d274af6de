using global::KassirClient;
using global::KassirClient.Internal;

namespace Tests.KassirClient;

/// <summary>
/// Drives the client's internal clock from a <see cref="TimeProvider"/> (FakeTimeProvider, LeapingTimeProvider):
/// the DLL has no TimeProvider of its own (it is not in .NET Framework 4.6.2), so tests adapt theirs.
/// </summary>
internal sealed class TimeProviderClock(TimeProvider time) : Clock
{
    public override DateTimeOffset GetUtcNow() => time.GetUtcNow();

    public override long GetTimestamp() => time.GetTimestamp();

    public override long TimestampFrequency => time.TimestampFrequency;

    public override Task Delay(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, time, cancellationToken);
}

internal static class ClockOptions
{
    /// <summary>Makes the client take its time (backoff, deadlines) from <paramref name="time"/>.</summary>
    public static void UseTime(this LocalPayClientOptions options, TimeProvider time) => options.Clock = new TimeProviderClock(time);
}
