using WebMoneyEmulator;

namespace Gateway.Sandbox;

/// <summary>The in-process WebMoney emulator of sandbox mode, once started (null otherwise).</summary>
public sealed class SandboxEmulator : IAsyncDisposable
{
    public EmulatorHost? Host { get; internal set; }

    public async ValueTask DisposeAsync()
    {
        if (Host is { } host)
        {
            Host = null;
            await host.DisposeAsync();
        }
    }
}
