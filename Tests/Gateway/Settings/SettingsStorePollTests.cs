using Gateway.Settings;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Tests.Gateway.Settings;

/// <summary>The settings poll wakes every second only while it is the one way to see a change.</summary>
public sealed class SettingsStorePollTests : IDisposable
{
    private readonly TestSettingsDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Idle_WithAWorkingWatcher_NoTimerRepeats_AndTheNextPollIsTheSafetyCheck()
    {
        var clock = new RecordingTimeProvider();
        using var store = new SettingsStore(_dir.Path, TimeProvider.System, NullLogger<SettingsStore>.Instance, clock);

        clock.Advance(SettingsStore.PollInterval);
        clock.Advance(SettingsStore.SafetyPollInterval);

        Assert.True(store.Current.IsUsable, store.Current.Problem);
        Assert.All(clock.Changes, c => Assert.Equal(Timeout.InfiniteTimeSpan, c.Period));
        Assert.Equal(SettingsStore.SafetyPollInterval, clock.Changes[^1].Due);
    }

    [Fact]
    public void MissingDirectory_IsPolledEverySecond_UntilItAppearsAndIsWatched()
    {
        var clock = new RecordingTimeProvider();
        var missing = Path.Combine(_dir.Path, "not-yet");
        using var store = new SettingsStore(missing, TimeProvider.System, NullLogger<SettingsStore>.Instance, clock);
        var whileMissing = clock.Changes[^1].Due;

        Directory.CreateDirectory(missing);
        foreach (var name in new[] { "WebMoneySettings.txt", "WebMoneyPaymentTypes.txt", "N100.pfx" })
        {
            File.Copy(_dir.File(name), Path.Combine(missing, name));
        }
        // Seen changed, seen still, loaded: then the directory is watched and the poll slows down.
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(SettingsStore.PollInterval);
        }

        Assert.Equal(SettingsStore.PollInterval, whileMissing);
        Assert.True(store.Current.IsUsable, store.Current.Problem);
        Assert.Equal(SettingsStore.SafetyPollInterval, clock.Changes[^1].Due);
    }

    /// <summary>A fake clock that records every due time and period its timers are given.</summary>
    private sealed class RecordingTimeProvider : FakeTimeProvider
    {
        private readonly List<(TimeSpan Due, TimeSpan Period)> _changes = [];

        public IReadOnlyList<(TimeSpan Due, TimeSpan Period)> Changes
        {
            get
            {
                lock (_changes)
                {
                    return [.. _changes.Where(c => c.Due != Timeout.InfiniteTimeSpan)];
                }
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Record(dueTime, period);
            return new Recording(this, base.CreateTimer(callback, state, dueTime, period));
        }

        private void Record(TimeSpan due, TimeSpan period)
        {
            lock (_changes)
            {
                _changes.Add((due, period));
            }
        }

        private sealed class Recording(RecordingTimeProvider owner, ITimer inner) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                owner.Record(dueTime, period);
                return inner.Change(dueTime, period);
            }

            public void Dispose() => inner.Dispose();

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
