using Gateway.WebMoney;
using Microsoft.Extensions.Logging.Abstractions;
using Tests.Support;

namespace Tests.Gateway.WebMoney;

public sealed class WebMoneyClientFactoryTests(FakeClockEmulatorFixture emulator) : IClassFixture<FakeClockEmulatorFixture>
{
    [Fact]
    public void GetClient_SameConnection_ReusesTheClient_AReloadedSnapshotGetsItsOwn()
    {
        using var factory = new WebMoneyClientFactory(TimeProvider.System, new WebMoneyActivity(), NullLogger<WcfWebMoneyClient>.Instance);

        var first = factory.GetClient(emulator.Connection);
        var second = factory.GetClient(emulator.Connection);
        var reloaded = factory.GetClient(emulator.Connection with { });

        Assert.Same(first, second);
        Assert.NotSame(first, reloaded);
    }
}
