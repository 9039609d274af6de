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
        CopyTemplateBundle(Directory);
        Host = await EmulatorHost.StartAsync(new EmulatorHostOptions { BundleDirectory = Directory, TimeProvider = Time });
        Connection = WebMoneyConnectionLoader.FromBundle(Host.Bundle);
        _factory = new WebMoneyClientFactory(Time, Activity, NullLogger<WcfWebMoneyClient>.Instance);
        Control = new HttpClient { BaseAddress = Host.ControlUrl, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>A client with its own clock, certificates or settings, over the same emulator.</summary>
    public IWebMoneyClient ClientFor(WebMoneyConnection connection, TimeProvider? time = null) =>
        new WebMoneyClientFactory(time ?? Time, new WebMoneyActivity(), NullLogger<WcfWebMoneyClient>.Instance).GetClient(connection);

    // Generating RSA keys is the slow part of a start: every fixture gets a copy of one bundle written once per run.
    private static readonly Lazy<string> Template = new(() =>
    {
        var template = Path.Combine(Path.GetTempPath(), "wm-emulator-template-" + Guid.NewGuid().ToString("N"));
        global::WebMoneyEmulator.EmulatorCommandLine.RunAsync(["--init", template], TextWriter.Null, TextWriter.Null).GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(template, recursive: true);
        return template;
    });

    private static void CopyTemplateBundle(string target)
    {
        System.IO.Directory.CreateDirectory(target);
        foreach (var file in System.IO.Directory.GetFiles(Template.Value))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

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
