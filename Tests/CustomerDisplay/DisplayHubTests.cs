using CustomerDisplay;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Tests.CustomerDisplay;

public sealed class DisplayHubTests : IAsyncLifetime
{
    private DisplayHubHost _host = null!;

    public async Task InitializeAsync() => _host = await DisplayHubHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Subscribe_ReturnsTheTerminalsCurrentSnapshotWithServerTime()
    {
        _host.Source.Set(Snapshots.Awaiting("T1", "p1"));
        var display = await _host.ConnectAsync();

        var snapshot = await display.SubscribeAsync("T1");

        Assert.Equal(DisplayPhase.Awaiting, snapshot.Phase);
        Assert.Equal("p1", snapshot.PaymentId);
        Assert.Equal(1234.50m, snapshot.Amount);
        Assert.Equal(_host.Time.GetUtcNow(), snapshot.ServerTime);
        Assert.True(snapshot.Version > 0);
    }

    [Fact]
    public async Task Subscribe_TerminalWithoutPayments_IsIdle()
    {
        var display = await _host.ConnectAsync();

        var snapshot = await display.SubscribeAsync("T9");

        Assert.Equal(DisplayPhase.Idle, snapshot.Phase);
        Assert.Equal("T9", snapshot.TerminalId);
    }

    [Fact]
    public async Task Publish_PushesEveryUpdateInOrderWithIncreasingVersions()
    {
        var display = await _host.ConnectAsync();
        var subscribed = await display.SubscribeAsync("T1");

        await _host.Notifier.PublishAsync(Snapshots.Awaiting("T1", "p1", paymentVersion: 1), default);
        await _host.Notifier.PublishAsync(Snapshots.Paid("T1", "p1", paymentVersion: 2), default);
        await _host.Notifier.PublishAsync(Snapshots.Awaiting("T1", "p2", paymentVersion: 1, amount: 10m), default);
        var first = await display.NextPushAsync();
        var second = await display.NextPushAsync();
        var third = await display.NextPushAsync();

        Assert.Equal([DisplayPhase.Awaiting, DisplayPhase.Paid, DisplayPhase.Awaiting], [first.Phase, second.Phase, third.Phase]);
        Assert.Equal("p2", third.PaymentId);
        Assert.True(subscribed.Version < first.Version && first.Version < second.Version && second.Version < third.Version);
    }

    [Fact]
    public async Task Publish_ReachesOnlyTheSubscribersOfThatTerminal()
    {
        var t1 = await _host.ConnectAsync();
        var t2 = await _host.ConnectAsync();
        await t1.SubscribeAsync("T1");
        await t2.SubscribeAsync("T2");

        // A leaked push would arrive between the ones each display expects (pushes keep their order).
        await _host.Notifier.PublishAsync(Snapshots.Awaiting("T1", "p1"), default);
        await _host.Notifier.PublishAsync(Snapshots.Awaiting("T2", "p2"), default);
        await _host.Notifier.PublishAsync(Snapshots.Awaiting("T1", "p3"), default);
        var toT1 = $"{(await t1.NextPushAsync()).PaymentId} {(await t1.NextPushAsync()).PaymentId}";
        var toT2 = (await t2.NextPushAsync()).PaymentId;

        Assert.Equal("p1 p3", toT1);
        Assert.Equal("p2", toT2);
    }

    [Fact]
    public async Task Subscribe_AnotherTerminal_StopsPushesOfThePreviousOne()
    {
        var display = await _host.ConnectAsync();
        await display.SubscribeAsync("T1");
        await display.SubscribeAsync("T2");

        await _host.Notifier.PublishAsync(Snapshots.Awaiting("T1", "p1"), default);
        await _host.Notifier.PublishAsync(Snapshots.Awaiting("T2", "p2"), default);
        var push = await display.NextPushAsync();

        Assert.Equal("p2", push.PaymentId);
    }

    [Fact]
    public async Task Subscribe_AfterAnnouncement_ReturnsTheAnnouncedStateNotTheSource()
    {
        _host.Source.Set(Snapshots.Awaiting("T1", "p1", paymentVersion: 1));
        await _host.Notifier.PublishAsync(Snapshots.Paid("T1", "p1", paymentVersion: 2), default);
        var display = await _host.ConnectAsync();

        var snapshot = await display.SubscribeAsync("T1");

        Assert.Equal(DisplayPhase.Paid, snapshot.Phase);
    }

    [Theory]
    [InlineData("")]
    [InlineData("T 1")]
    [InlineData("../T1")]
    [InlineData("123456789012345678901234567890123")]
    public async Task Subscribe_InvalidTerminalId_IsRefused(string terminalId)
    {
        var display = await _host.ConnectAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => display.SubscribeAsync(terminalId));

        Assert.Contains("invalid terminal id", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Snapshot")]
    [InlineData("Publish")]
    [InlineData("SendAsync")]
    [InlineData("OnConnectedAsync")]
    [InlineData("Dispose")]
    public async Task Invoke_AnythingButSubscribe_FailsAndReachesNoOtherClient(string method)
    {
        var sender = await _host.ConnectAsync();
        var watcher = await _host.ConnectAsync();
        await watcher.SubscribeAsync("T1");

        var error = await Assert.ThrowsAsync<HubException>(() => sender.Connection.InvokeAsync(method, Snapshots.Awaiting("T1", "evil")));
        await _host.Notifier.PublishAsync(Snapshots.Awaiting("T1", "p1"), default);
        var push = await watcher.NextPushAsync();

        Assert.Contains("does not exist", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("p1", push.PaymentId);
    }
}
