using System.Net;
using System.Text.Json;
using Gateway.Sandbox;
using Gateway.Settings;
using Gateway.WebMoney;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tests.Gateway.Settings;
using WebMoneyContract;
using Tests.Support;

namespace Tests.Gateway.Sandbox;

public sealed class SandboxStartupTests : IDisposable
{
    private readonly TestSettingsDirectory _empty = new(withFiles: false);

    public void Dispose() => _empty.Dispose();

    [Fact]
    public async Task DevelopmentWithoutSettings_RunsTheEmulator_AndTheSnapshotIsUsableInSandboxMode()
    {
        await using var harness = new GatewayHarness { EnvironmentName = "Development" }.UseSettingsDirectory(_empty.Path);
        using var client = harness.CreateClient();

        var snapshot = harness.Services.GetRequiredService<ISettingsStore>().Current;
        var ready = await client.GetAsync("/health/ready");
        using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());

        Assert.True(snapshot.IsUsable, snapshot.Problem);
        Assert.True(snapshot.Sandbox);
        Assert.Equal(Path.Combine(harness.Data.Path, "sandbox"), snapshot.Directory);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("sandbox", report.RootElement.GetProperty("mode").GetString());
        Assert.False(File.Exists(_empty.File("WebMoneySettings.txt")));
    }

    [Fact]
    public async Task DevelopmentWithoutSettings_OffersTwoTillsOutOfTheBox_Terminals1And2PayAsN101AndN102()
    {
        await using var harness = new GatewayHarness { EnvironmentName = "Development" }.UseSettingsDirectory(_empty.Path);
        using var client = harness.CreateClient();

        var payment = await client.CreatePaymentAsync("2");

        var snapshot = harness.Services.GetRequiredService<ISettingsStore>().Current;
        Assert.Equal([("1", "N101"), ("2", "N102")], snapshot.Terminals.Select(t => (t.Key, t.Value.Settings?.PosNumber ?? "")));
        Assert.All(snapshot.Terminals.Values, t => Assert.True(t.IsUsable, t.Problem));
        var transaction = harness.Services.GetRequiredService<SandboxEmulator>().Host!.GetTransactions().Single(t => t.ExternalId == payment.Id);
        Assert.Equal("N102", transaction.PosNumber);
    }

    [Fact]
    public async Task DevelopmentWithoutSettings_StartLog_ListensOnlyOnTheGatewaysAddresses_AndSaysThemInOneLine()
    {
        await using var harness = new GatewayHarness { EnvironmentName = "Development" }.UseSettingsDirectory(_empty.Path).ListenOn();
        using var client = harness.CreateClient();
        var port = harness.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var records = harness.Logs.GetSnapshot();

        var lifetime = records.Where(r => r.Category == "Microsoft.Hosting.Lifetime").Select(r => r.Message).ToList();
        Assert.All(lifetime.Where(m => m.StartsWith("Now listening on", StringComparison.Ordinal)), m => Assert.EndsWith(":" + port, m));
        Assert.DoesNotContain(lifetime, m => m.Contains("Hosting environment: Production", StringComparison.Ordinal));
        var emulatorSoap = harness.Services.GetRequiredService<SandboxEmulator>().Host!.SoapUrl;
        Assert.DoesNotContain(records, r => r.Category == "Microsoft.Hosting.Lifetime" && r.Message.Contains(emulatorSoap.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        // A SOAP request to the emulator: its server's per-request Information line stays out of the gateway's log.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/settings/connection-check", null)).StatusCode);
        Assert.DoesNotContain(harness.Logs.GetSnapshot(), r => r.Category?.StartsWith("SoapCore", StringComparison.Ordinal) == true && r.Level < LogLevel.Warning);
        var line = Assert.Single(records, r => r.Category == "Gateway.Sandbox" && r.Id.Id == 1102).Message;
        Assert.Contains($"the gateway listens on http://127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Contains("/admin", line, StringComparison.Ordinal);
        Assert.Contains("/sandbox", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevelopmentWithoutSettings_ServesThePayDeclinePageAtSandbox()
    {
        await using var harness = new GatewayHarness { EnvironmentName = "Development" }.UseSettingsDirectory(_empty.Path);
        using var client = harness.CreateClient();

        var response = await client.GetAsync("/sandbox");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Эмулятор WebMoney", page, StringComparison.Ordinal);
        Assert.Contains("\"/sandbox\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevelopmentWithoutSettings_SandboxConnectionReachesTheEmulatorOverMutualTls()
    {
        await using var harness = new GatewayHarness { EnvironmentName = "Development" }.UseSettingsDirectory(_empty.Path);
        var connection = harness.Services.GetRequiredService<ISettingsStore>().Current.Connection!;
        var webMoney = harness.Services.GetRequiredService<IWebMoneyClientFactory>().GetClient(connection);

        var created = await webMoney.CreateQrPaymentAsync(
            new CreateQrCommand(Guid.NewGuid().ToString("N"), WirePaymentSystem.Sbp, 10m, "RUB", null), TimeSpan.FromSeconds(10), CancellationToken.None);
        harness.Services.GetRequiredService<SandboxEmulator>().Host!.Pay(
            Assert.IsType<WebMoneyOutcome<QrCreated>.Success>(created).Value.TransactionId, out var transaction);

        Assert.Equal(("https", "127.0.0.1"), (connection.Settings.Endpoint.Scheme, connection.Settings.Endpoint.Host));
        Assert.NotNull(connection.PinnedServerCertificate);
        Assert.Equal(WireStatus.Paid, transaction!.Status);
    }

    [Fact]
    public async Task ProductionWithoutSettings_IsNeverSandbox_AndReadinessAnswers503WithTheReason()
    {
        await using var factory = new GatewayHarness { EnvironmentName = "Production" }.UseSettingsDirectory(_empty.Path);
        using var client = factory.CreateClient();

        var snapshot = factory.Services.GetRequiredService<ISettingsStore>().Current;
        var ready = await client.GetAsync("/health/ready");
        using var report = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var sandboxPage = await client.GetAsync("/sandbox");

        Assert.False(snapshot.IsUsable);
        Assert.False(snapshot.Sandbox);
        Assert.Contains("the settings file is not in the settings folder", snapshot.Problem, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("live", report.RootElement.GetProperty("mode").GetString());
        Assert.Equal(HttpStatusCode.NotFound, sandboxPage.StatusCode);
        Assert.Null(factory.Services.GetService<SandboxPlan>());
    }

    [Fact]
    public async Task DevelopmentWithSettings_RunsLive()
    {
        using var settings = new TestSettingsDirectory();
        await using var harness = new GatewayHarness { EnvironmentName = "Development" }.UseSettingsDirectory(settings.Path);

        var snapshot = harness.Services.GetRequiredService<ISettingsStore>().Current;

        Assert.True(snapshot.IsUsable, snapshot.Problem);
        Assert.False(snapshot.Sandbox);
        Assert.Null(harness.Services.GetService<SandboxEmulator>());
    }
}
