using Gateway.Operations;
using Microsoft.Extensions.Time.Testing;

namespace Tests.Gateway.Operations;

/// <summary>The wait-and-dispatch loop both pollers run, on fake time: nothing is handed over before it is due.</summary>
public sealed class PollLoopTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly PollScheduler _scheduler = new();
    private readonly System.Threading.Channels.Channel<string> _dispatched = System.Threading.Channels.Channel.CreateUnbounded<string>();

    [Fact]
    public async Task DueId_IsDispatchedOnlyOnceItsTimeHasCome_AndAnEarlierOneWakesTheLoop()
    {
        var started = _time.GetTimestamp();
        using var stop = new CancellationTokenSource();
        _scheduler.Schedule("late", TimeSpan.FromSeconds(10));
        var loop = PollLoop.RunAsync(_scheduler, () => _time.GetElapsedTime(started), _time,
            (id, _) => _dispatched.Writer.WriteAsync(id).AsTask(), stop.Token);

        _scheduler.Schedule("early", TimeSpan.FromSeconds(2));
        await Task.Delay(50);
        var nothingYet = _dispatched.Reader.TryRead(out _);
        _time.Advance(TimeSpan.FromSeconds(2));
        var first = await _dispatched.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(8));
        var second = await _dispatched.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(nothingYet);
        Assert.Equal("early", first);
        Assert.Equal("late", second);
    }
}
