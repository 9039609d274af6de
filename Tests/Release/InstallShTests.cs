using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Tests.Support;

namespace Tests.Release;

/// <summary>
/// install.sh and uninstall.sh from the unpacked package, for real into a temp root (<c>--root</c>): the files, the
/// systemd unit, the user-creation commands it prints, and upgrades that keep data and settings and roll back.
/// </summary>
[Collection(ReleaseCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the Linux package and its shell scripts
public sealed class InstallShTests(ReleasePackageFixture package) : IAsyncLifetime
{
    private readonly TempDirectory _root = new("install-root");
    private readonly TempDirectory _scratch = new("install-scratch");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _url = $"http://127.0.0.1:{GatewayProcess.FreePort()}";

    private string Root(string path) => Path.Combine(_root.Path, path.TrimStart('/'));

    [Fact]
    public async Task FreshInstall_CopiesTheProgram_WritesTheUnit_PrintsTheUserCreation_AndStartsIt()
    {
        var installed = await InstallAsync(package.Package);

        Assert.True(installed.ExitCode == 0, installed.Output);
        Assert.Contains("useradd --system --user-group --no-create-home --home-dir /var/lib/localpaygateway --shell /usr/sbin/nologin localpaygateway (--root: не выполняется / not run)", installed.Commands("+ "));
        Assert.Contains("chown -R localpaygateway:localpaygateway /etc/localpaygateway /var/lib/localpaygateway (--root: не выполняется / not run)", installed.Commands("+ "));
        Assert.Contains("systemctl enable localpaygateway (--root: не выполняется / not run)", installed.Commands("+ "));
        var unit = File.ReadAllLines(Root("/etc/systemd/system/localpaygateway.service"));
        Assert.Contains("Restart=on-failure", unit);
        Assert.Contains("User=localpaygateway", unit);
        Assert.Contains("Type=notify", unit);
        Assert.Contains("EnvironmentFile=-/etc/localpaygateway/gateway.env", unit);
        Assert.Contains("ExecStart=/opt/localpaygateway/Gateway --Gateway:SettingsDirectory=/etc/localpaygateway --Gateway:DataDirectory=/var/lib/localpaygateway", unit);
        Assert.True(File.Exists(Root("/opt/localpaygateway/Gateway")));
        Assert.True(File.Exists(Root("/opt/localpaygateway/wwwroot/admin/admin.html")));
        Assert.True(File.Exists(Root("/opt/localpaygateway/uninstall.sh")));
        Assert.Contains($"Urls={_url}", File.ReadAllLines(Root("/etc/localpaygateway/gateway.env")));
        Assert.Contains($"{_url}/admin", installed.Output);
        var live = await _http.GetFromJsonAsync<JsonElement>($"{_url}/health/live");
        Assert.Equal(Shell.Version, live.GetProperty("version").GetString());
        Assert.True(File.Exists(Root("/var/lib/localpaygateway/payments.db")));
        var log = Directory.GetFiles(Root("/var/lib/localpaygateway/logs")).Single();
        Assert.EndsWith($"LocalPayGateway {Shell.Version}, journal schema {live.GetProperty("journalSchemaVersion").GetInt32()}, process {File.ReadAllText(Root("/run/localpaygateway.pid")).Trim()}",
            File.ReadLines(log).First());
    }

    [Fact]
    public async Task Upgrade_ThatDoesNotStart_RollsBack_AndOneThatDoes_KeepsThePrevious_DataAndSettingsUntouched()
    {
        var module = ModuleFolder();
        Directory.CreateDirectory(Root("/var/lib/localpaygateway"));
        foreach (var file in Directory.GetFiles(Path.Combine(Shell.RepoRoot, "Tests", "Gateway", "Journal", "TestData", "v2")))
        {
            File.Copy(file, Root("/var/lib/localpaygateway/" + Path.GetFileName(file)));   // kept from an earlier install
        }
        Assert.Equal(0, (await InstallAsync(package.Package, "--module-folder", module)).ExitCode);
        var settings = Hashes(Root("/etc/localpaygateway"));
        var program = Hash(Root("/opt/localpaygateway/Gateway"));
        var broken = BrokenPackage();

        var failed = await Shell.RunAsync(Path.Combine(broken, "install.sh"), ["--root", _root.Path, "--ready-timeout", "60"]);

        Assert.True(failed.ExitCode == 1, failed.Output);
        Assert.Contains("rolling back", failed.Output);
        Assert.Equal(program, Hash(Root("/opt/localpaygateway/Gateway")));
        Assert.False(Directory.Exists(Root("/opt/localpaygateway.previous")));
        Assert.Equal(Shell.Version, (await _http.GetFromJsonAsync<JsonElement>($"{_url}/health/live")).GetProperty("version").GetString());
        Assert.Equal(settings, Hashes(Root("/etc/localpaygateway")));
        Assert.Equal(8, await PaymentCountAsync());

        var upgraded = await Shell.RunAsync(Path.Combine(package.Package, "install.sh"), ["--root", _root.Path, "--module-folder", module]);

        Assert.True(upgraded.ExitCode == 0, upgraded.Output);
        Assert.Contains("--module-folder: при обновлении настройки не меняются / ignored on an upgrade: settings are kept.", upgraded.Output);
        Assert.Equal(["systemctl stop localpaygateway (--root: остановлен процесс / the process is stopped)",
            "systemctl start localpaygateway (--root: программа запущена напрямую / the program is started directly)"], upgraded.Commands("+ "));
        Assert.Equal(program, Hash(Root("/opt/localpaygateway.previous/Gateway")));
        Assert.Equal(settings, Hashes(Root("/etc/localpaygateway")));
        Assert.Equal(8, await PaymentCountAsync());
    }

    [Fact]
    public async Task Uninstall_KeepsDataAndSettings_UnlessRemoveData()
    {
        Assert.Equal(0, (await InstallAsync(package.Package, "--module-folder", ModuleFolder())).ExitCode);

        var kept = await Shell.RunAsync(Root("/opt/localpaygateway/uninstall.sh"), ["--root", _root.Path]);

        Assert.True(kept.ExitCode == 0, kept.Output);
        Assert.False(Directory.Exists(Root("/opt/localpaygateway")));
        Assert.False(File.Exists(Root("/etc/systemd/system/localpaygateway.service")));
        Assert.True(File.Exists(Root("/var/lib/localpaygateway/payments.db")));
        Assert.True(File.Exists(Root("/etc/localpaygateway/N100.pfx")));
        await Assert.ThrowsAsync<HttpRequestException>(() => _http.GetAsync($"{_url}/health/live"));

        var removed = await Shell.RunAsync(Path.Combine(package.Package, "uninstall.sh"), ["--root", _root.Path, "--remove-data"]);

        Assert.True(removed.ExitCode == 0, removed.Output);
        Assert.False(Directory.Exists(Root("/var/lib/localpaygateway")));
        Assert.False(Directory.Exists(Root("/etc/localpaygateway")));
        Assert.Contains("userdel localpaygateway (--root: не выполняется / not run)", removed.Commands("+ "));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (File.Exists(Root("/run/localpaygateway.pid")))
        {
            await Shell.RunAsync(Path.Combine(package.Package, "uninstall.sh"), ["--root", _root.Path]);
        }
        _http.Dispose();
        _root.Dispose();
        _scratch.Dispose();
    }

    private Task<Shell.Result> InstallAsync(string from, params string[] extra) =>
        Shell.RunAsync(Path.Combine(from, "install.sh"), ["--root", _root.Path, "--urls", _url, .. extra]);

    /// <summary>The original module's folder: the two text files and the POS certificate named after PosNumber.</summary>
    private string ModuleFolder()
    {
        var module = Directory.CreateDirectory(Path.Combine(_scratch.Path, "module")).FullName;
        File.WriteAllText(Path.Combine(module, "WebMoneySettings.txt"), "\uFEFFMode=QrReceipt\r\nAgentId=1234\r\nPosNumber=N100\r\n");
        File.WriteAllText(Path.Combine(module, "WebMoneyPaymentTypes.txt"), "Sbp=5\r\n");
        File.WriteAllBytes(Path.Combine(module, "N100.pfx"), [1, 2, 3]);
        return module;
    }

    /// <summary>The package with a gateway that exits at once: the next version that never gets ready.</summary>
    private string BrokenPackage()
    {
        var broken = Path.Combine(_scratch.Path, "broken");
        CopyDirectory(package.Package, broken);
        var gateway = Path.Combine(broken, "app", "Gateway");
        File.WriteAllText(gateway, "#!/bin/sh\nexit 3\n");
        File.SetUnixFileMode(gateway, File.GetUnixFileMode(Path.Combine(package.Package, "app", "Gateway")));
        File.WriteAllText(Path.Combine(broken, "VERSION"), "99.0.0\n");
        return broken;
    }

    private async Task<int> PaymentCountAsync() =>
        (await _http.GetFromJsonAsync<JsonElement>($"{_url}/payments?limit=200")).GetProperty("items").GetArrayLength();

    private static string Hash(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));

    private static string Hashes(string directory) =>
        string.Join(";", Directory.GetFiles(directory).Order(StringComparer.Ordinal).Select(f => Path.GetFileName(f) + "=" + Hash(f)));

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
        }
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }
}
