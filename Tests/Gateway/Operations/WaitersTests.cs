using Gateway.Operations;
using Microsoft.Extensions.Time.Testing;
using Tests.Support;

namespace Tests.Gateway.Operations;

/// <summary>
/// The counted waiter behind every long-poll: waiters on one id share one completion source, and one that leaves (by
/// timeout, or because its own condition already held) never takes the source away from the others.
/// </summary>
public sealed class WaitersTests
{
    // A guard on the wall clock for tasks that should already be done: only a broken wait ever reaches it.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);
    private readonly Waiters<State> _waiters = new();
    private readonly FakeTimeProvider _time = new();
    private State _current = new("pending");

    private sealed record State(string Status);

    [Fact]
    public async Task TwoWaiters_OneReleasedBeforeTheChange_TheOtherIsStillWoken()
    {
        var first = _waiters.Acquire("r1");
        var second = _waiters.Acquire("r1");

        _waiters.Release("r1", first);
        _waiters.Announce("r1", new State("succeeded"));

        Assert.Equal("succeeded", (await second.WaitAsync(Hang)).Status);
        Assert.Equal(0, _waiters.Count);
    }

    [Fact]
    public void LastWaiterReleased_LeavesNothingBehind()
    {
        var first = _waiters.Acquire("r1");
        var second = _waiters.Acquire("r1");
        var other = _waiters.Acquire("r2");

        _waiters.Release("r1", first);
        var afterOne = _waiters.WaitingOn("r1");
        _waiters.Release("r1", second);
        _waiters.Release("r2", other);

        Assert.Equal(1, afterOne);
        Assert.Equal(0, _waiters.WaitingOn("r1"));
        Assert.Equal(0, _waiters.Count);
    }

    [Fact]
    public async Task ReleaseOfAnAlreadyAnnouncedSource_DoesNotCountAgainstTheNextWaiters()
    {
        var stale = _waiters.Acquire("r1");
        _waiters.Announce("r1", new State("pending, checked"));
        var fresh = _waiters.Acquire("r1");

        _waiters.Release("r1", stale);
        _waiters.Announce("r1", new State("succeeded"));

        Assert.Equal("succeeded", (await fresh.WaitAsync(Hang)).Status);
    }

    [Fact]
    public async Task TwoLongPolls_TheShorterEndsAtItsTimeout_TheLongerAnswersAtTheChange()
    {
        var longer = Wait(TimeSpan.FromSeconds(40));
        var shorter = Wait(TimeSpan.FromSeconds(1));

        _time.Advance(TimeSpan.FromSeconds(1));
        var shortAnswer = await shorter.WaitAsync(Hang);
        _time.Advance(TimeSpan.FromSeconds(2));
        Change("succeeded");
        var longAnswer = await longer.WaitAsync(Hang);

        Assert.Equal("pending", shortAnswer!.Status);
        Assert.Equal("succeeded", longAnswer!.Status);
        Assert.Equal(0, _waiters.Count);
    }

    [Fact]
    public async Task AWaiterWhoseConditionAlreadyHolds_DoesNotRobTheOthersOfTheChange()
    {
        var longPoll = Wait(TimeSpan.FromSeconds(40));

        // A replay that only needs "answered" finds it at once and leaves.
        var replay = await _waiters.WaitUntilAsync("r1", _ => ValueTask.FromResult<State?>(_current), _ => true,
            () => TimeSpan.FromSeconds(40), _time, CancellationToken.None).WaitAsync(Hang);
        Change("succeeded");
        var answered = await longPoll.WaitAsync(Hang);

        Assert.Equal("pending", replay!.Status);
        Assert.Equal("succeeded", answered!.Status);
    }

    [Fact]
    public async Task TwoLongPolls_ThroughNonFinalChanges_BothAnswerAtTheFinalOne()
    {
        var first = Wait(TimeSpan.FromSeconds(40));
        var second = Wait(TimeSpan.FromSeconds(40));

        Change("pending, checked");
        await WaitingAgainAsync(2);
        Change("succeeded");

        Assert.Equal("succeeded", (await first.WaitAsync(Hang))!.Status);
        Assert.Equal("succeeded", (await second.WaitAsync(Hang))!.Status);
        Assert.Equal(0, _waiters.Count);
    }

    [Fact]
    public async Task UnknownId_AnswersNullAtOnce_LeavesNothingBehind()
    {
        var answer = await _waiters.WaitUntilAsync("nope", _ => ValueTask.FromResult<State?>(null), _ => false,
            () => TimeSpan.FromSeconds(40), _time, CancellationToken.None).WaitAsync(Hang);

        Assert.Null(answer);
        Assert.Equal(0, _waiters.Count);
    }

    /// <summary>A long-poll on "r1" until it is no longer pending; registered before this returns (the first read is synchronous).</summary>
    private Task<State?> Wait(TimeSpan wait)
    {
        var started = _time.GetTimestamp();
        return _waiters.WaitUntilAsync("r1", _ => ValueTask.FromResult<State?>(_current), s => s.Status == "succeeded",
            () => wait - _time.GetElapsedTime(started), _time, CancellationToken.None);
    }

    private void Change(string status)
    {
        _current = new State(status);
        _waiters.Announce("r1", _current);
    }

    // The woken polls re-register on their own threads (continuations run asynchronously).
    private async Task WaitingAgainAsync(int count)
    {
        Assert.True(await Eventually.TrueAsync(() => _waiters.WaitingOn("r1") == count, Hang));
    }
}
