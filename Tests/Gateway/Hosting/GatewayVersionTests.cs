using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Hosting;
using Gateway.Journal;
using Tests.Gateway.Admin;
using Tests.Gateway.Display;
using Tests.Support;

namespace Tests.Gateway.Hosting;

/// <summary>The version from its one place (Directory.Build.props) in /health/live, the admin console's footer and the log.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class GatewayVersionTests(ChromiumFixture browser)
{
    private static readonly string PropsVersion = Regex.Match(
        File.ReadAllText(Path.Combine(Release.Shell.RepoRoot, "Directory.Build.props")), "<Version>([^<]+)</Version>").Groups[1].Value;

    [Fact]
    public async Task Live_ReportsTheVersionOfDirectoryBuildProps_AndTheJournalSchema()
    {
        await using var gateway = new GatewayHarness().UseScriptedWebMoney();
        using var http = gateway.CreateClient();

        var live = await http.GetFromJsonAsync<JsonElement>("/health/live");

        Assert.Equal("alive", live.GetProperty("status").GetString());
        Assert.Equal(PropsVersion, live.GetProperty("version").GetString());
        Assert.Equal(JournalSchema.Version, live.GetProperty("journalSchemaVersion").GetInt32());
        Assert.Equal(PropsVersion, GatewayVersion.Product);
    }

    [Fact]
    public void AdminFooter_ShowsTheVersionAndTheJournalSchema()
    {
        using var gateway = new GatewayHarness().UseScriptedWebMoney().ListenOn();
        var page = new AdminPage(browser);

        page.Open(gateway, "status");

        Assert.Equal($"LocalPayGateway {PropsVersion} · схема журнала {JournalSchema.Version}",
            page.WaitText("version", t => t.Contains(PropsVersion, StringComparison.Ordinal), "the footer's version"));
    }
}
