using Gateway.WebMoney;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using WebMoneyEmulator;

namespace Tests.WebMoneyEmulator;

/// <summary>
/// One real emulator (HTTPS + client certificate + SoapCore) on ephemeral ports, with a bundle in a temp
/// directory and a FakeTimeProvider shared by the emulator and the client (so signatures stay within ±5 min).
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "wm-emulator-" + Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Time { get; } = new(TimeProvider.System.GetUtcNow());

    public EmulatorHost Host { get; private set; } = null!;

    public WebMoneyConnection Connection { get; private set; } = null!;

    public WebMoneyActivity Activity { get; } = new();

    public HttpClient Control { get; private set; } = null!;

    private WebMoneyClientFactory _factory = null!;

    public IWebMoneyClient Client => _factory.GetClient(Connection);

    public async Task InitializeAsync()
    {
        Host = await EmulatorHost.StartAsync(new EmulatorHostOptions { BundleDirectory = Directory, TimeProvider = Time });
        Connection = WebMoneyConnectionLoader.FromBundle(Host.Bundle);
        _factory = new WebMoneyClientFactory(Time, Activity, NullLogger<WcfWebMoneyClient>.Instance);
        Control = new HttpClient { BaseAddress = Host.ControlUrl, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>A client with its own clock, certificates or settings, over the same emulator.</summary>
    public IWebMoneyClient ClientFor(WebMoneyConnection connection, TimeProvider? time = null) =>
        new WebMoneyClientFactory(time ?? Time, new WebMoneyActivity(), NullLogger<WcfWebMoneyClient>.Instance).GetClient(connection);

    public async Task DisposeAsync()
    {
        Control.Dispose();
        _factory.Dispose();
        Connection.ClientCertificate.Dispose();
        Connection.PinnedServerCertificate?.Dispose();
        await Host.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
