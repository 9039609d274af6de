using CustomerDisplay;
using Gateway.Display;
using Gateway.Payments;
using Gateway.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace Tests.Gateway.Display;

public sealed class DisplayBridgeTests
{
    [Fact]
    public async Task Subscribe_NoPaymentOfTheTerminal_ShowsIdle()
    {
        var source = new JournalSnapshotSource(
            new InMemoryPayments(), new Settings(sandbox: false), Microsoft.Extensions.Options.Options.Create(new DisplayOptions()));

        var snapshot = await source.GetSnapshotAsync("T1", default);

        Assert.Equal(DisplayPhase.Idle, snapshot.Phase);
    }

    [Fact]
    public async Task Subscribe_IdleGatewayInSandboxMode_CarriesTheSandboxFlagForTheBanner()
    {
        var source = new JournalSnapshotSource(
            new InMemoryPayments(), new Settings(sandbox: true), Microsoft.Extensions.Options.Options.Create(new DisplayOptions()));

        var snapshot = await source.GetSnapshotAsync("T1", default);

        Assert.Equal(DisplayPhase.Idle, snapshot.Phase);
        Assert.True(snapshot.Sandbox);
    }

    private sealed class Settings(bool sandbox) : ISettingsStore
    {
        public SettingsSnapshot Current { get; } = new() { Sandbox = sandbox };
    }

    [Fact]
    public async Task Subscribe_AfterARestart_ShowsTheTerminalsPendingPaymentFromTheJournal()
    {
        await using var gateway = DisplayHarness.Start();
        gateway.Payments().Set(TestPayments.Awaiting("T7", amount: 99.90m));

        var snapshot = await gateway.Services.GetRequiredService<DisplayNotifier>().GetCurrentAsync("T7", default);

        Assert.Equal(DisplayPhase.Awaiting, snapshot.Phase);
        Assert.Equal(99.90m, snapshot.Amount);
    }

    [Fact]
    public async Task CommittedChange_IsAnnouncedAsTheTerminalsSnapshot()
    {
        await using var gateway = DisplayHarness.Start();
        var payment = TestPayments.Awaiting("T8");

        await gateway.CommitAsync(payment);
        await gateway.CommitAsync(TestPayments.Paid(payment, TestPayments.ServerStart.AddSeconds(30)));
        // The bridge sends in the background (off the payment path): wait for it, bounded.
        var notifier = gateway.Services.GetRequiredService<DisplayNotifier>();
        var snapshot = await notifier.GetCurrentAsync("T8", default);
        for (var i = 0; i < 200 && snapshot.Phase != DisplayPhase.Paid; i++)
        {
            await Task.Delay(50);
            snapshot = await notifier.GetCurrentAsync("T8", default);
        }

        Assert.Equal(DisplayPhase.Paid, snapshot.Phase);
        Assert.Equal(payment.Id, snapshot.PaymentId);
    }
}
