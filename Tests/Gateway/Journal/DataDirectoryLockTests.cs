using Gateway.Journal;
using Tests.Support;

namespace Tests.Gateway.Journal;

/// <summary>SPEC §4 "one gateway per journal": a second gateway on the same data directory refuses to start.</summary>
public sealed class DataDirectoryLockTests
{
    [Fact]
    public void SecondGateway_SameDataDirectory_RefusesToStart_NamingTheDirectoryAndTheHolder()
    {
        using var first = new GatewayHarness().UseScriptedWebMoney();
        first.CreateClient();
        using var second = new GatewayHarness().UseScriptedWebMoney().Config("Gateway:DataDirectory", first.Data.Path);

        var refused = Record.Exception(() => second.CreateClient());

        Assert.NotNull(refused);
        var message = Flatten(refused);
        Assert.Contains(first.Data.Path, message);
        Assert.Contains($"pid {Environment.ProcessId}", message);
    }

    [Fact]
    public void Gateway_Stopped_ReleasesTheLock_ForTheNextOne()
    {
        using var data = new TempDirectory("lock-release");
        using (var first = new GatewayHarness().UseScriptedWebMoney().Config("Gateway:DataDirectory", data.Path))
        {
            first.CreateClient();
        }
        using var second = new GatewayHarness().UseScriptedWebMoney().Config("Gateway:DataDirectory", data.Path);

        var started = Record.Exception(() => second.CreateClient());

        Assert.Null(started);
        Assert.Throws<InvalidOperationException>(() => new DataDirectoryLock(data.Path));
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
