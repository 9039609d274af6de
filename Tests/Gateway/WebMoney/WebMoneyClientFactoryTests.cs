using Gateway.WebMoney;
using Microsoft.Extensions.Logging.Abstractions;
using Tests.WebMoneyEmulator;

namespace Tests.Gateway.WebMoney;

public sealed class WebMoneyClientFactoryTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public void GetClient_SameConnection_ReusesTheClient()
    {
        using var factory = new WebMoneyClientFactory(TimeProvider.System, new WebMoneyActivity(), NullLogger<WcfWebMoneyClient>.Instance);

        var first = factory.GetClient(emulator.Connection);
        var second = factory.GetClient(emulator.Connection);
        var other = factory.GetClient(emulator.Connection with { Settings = emulator.Connection.Settings with { AgentKey = "other" } });

        Assert.Same(first, second);
        Assert.NotSame(first, other);
    }
}
