using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.Gateway.Payments;

/// <summary>
/// SPEC §1/§4 "every 5 seconds", against the real emulator: the cadence is kept from each poll's start, so a poll
/// that hangs for its whole 10 s timeout is followed by the next one at once, not 5 s after it gave up.
/// </summary>
public sealed class PollCadenceTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task HungPoll_NextPollStartsWhenTheHangEnds_NotAnIntervalLater()
    {
        emulator.Host.ClearFaults();
        using var gateway = new GatewayHarness().UseEmulatorSettings(emulator).RecheckFirstAfter(600).PollEvery(6);
        var http = gateway.CreateClient();
        var (id, _) = await http.CreatePaymentAsync("PC-hang");
        var before = await emulator.StatsAsync(PosApi.GetPaymentStatus);
        emulator.Host.AddFault(PosApi.GetPaymentStatus, FaultKind.Hang, 1);

        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(emulator.Host.GetFaults().Count == 0), TimeSpan.FromSeconds(20), 5));
        var hangStarted = TimeProvider.System.GetTimestamp();
        Assert.True(await Eventually.TrueAsync(async () => await emulator.StatsAsync(PosApi.GetPaymentStatus) >= before + 2, TimeSpan.FromSeconds(40), 20));
        var gap = TimeProvider.System.GetElapsedTime(hangStarted);

        // The hang itself takes the 10 s call timeout; the old schedule added the 6 s interval after it (16 s).
        Assert.InRange(gap, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(13.5));
        Assert.Equal("pending", (await http.GetStringAsync($"/payments/{id}")).Contains("\"pending\"") ? "pending" : "other");
    }
}
