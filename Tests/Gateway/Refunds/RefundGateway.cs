using Tests.Support;

namespace Tests.Gateway.Refunds;

/// <summary>The refund tests' recipe for the one <see cref="GatewayHarness"/>, shared by their classes.</summary>
internal static class RefundGateway
{
    /// <summary>TimeoutSeconds bounds a refund's send phase and each call (a hang costs at most this long).</summary>
    public const int TimeoutSeconds = 4;

    /// <summary>In memory over the class's emulator; unresolved refunds rechecked after 0.5 s; no flood limits.</summary>
    public static GatewayHarness Start(EmulatorFixture emulator) =>
        new GatewayHarness().UseEmulatorSettings(emulator, TimeoutSeconds).RecheckFirstAfter(0.5).WithoutFloodLimits();

    /// <summary>What a test left at the class's shared emulator: pending mode and queued faults.</summary>
    public static void Reset(EmulatorFixture emulator)
    {
        emulator.Host.RefundsPending = false;
        emulator.Host.ClearFaults();
    }
}
