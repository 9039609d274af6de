using Tests.Support;

namespace Tests.Release;

/// <summary>
/// install.ps1 and uninstall.ps1 under PowerShell 7 (the local dotnet tool) in -WhatIf mode: the exact service,
/// recovery, ACL, Event Log and firewall commands a fresh install, an upgrade and an uninstall would run. What only a
/// Windows machine proves (that sc.exe, icacls and the firewall accept them) is listed in docs/going-live.md.
/// </summary>
[Collection(ReleaseCollection.Name)]
public sealed class InstallPs1Tests(ReleasePackageFixture package) : IDisposable
{
    private const string Program = @"C:\Program Files\LocalPayGateway";
    private const string Data = @"C:\ProgramData\LocalPayGateway";
    private const string BinPath = "'\"" + Program + "\\Gateway.exe\" --Gateway:SettingsDirectory=\"" + Data + "\\settings\" --Gateway:DataDirectory=\"" + Data + "\"'";
    private readonly TempDirectory _scratch = new("ps1");

    private string[] CopyProgram(string to) =>
    [
        $"New-Item -ItemType Directory -Force -Path '{to}' | Out-Null",
        $"Copy-Item -Path '{package.WindowsPackage}\\app\\*' -Destination '{to}' -Recurse -Force",
        $"Copy-Item -LiteralPath '{package.WindowsPackage}\\VERSION' -Destination '{to}' -Force",
        $"Copy-Item -LiteralPath '{package.WindowsPackage}\\uninstall.ps1' -Destination '{to}' -Force",
        $"Copy-Item -LiteralPath '{package.WindowsPackage}\\service-common.ps1' -Destination '{to}' -Force",
    ];

    private static readonly string[] Recovery =
    [
        "sc.exe config LocalPayGateway start= delayed-auto obj= 'NT SERVICE\\LocalPayGateway'",
        $"sc.exe description LocalPayGateway 'LocalPayGateway {Shell.Version}: QR payments through WebMoney for Kassir'",
        "sc.exe failure LocalPayGateway reset= 86400 actions= restart/5000/restart/5000/restart/60000",
        "sc.exe failureflag LocalPayGateway 1",
    ];

    [Fact]
    public async Task FreshInstall_CreatesTheDelayedServiceUnderItsVirtualAccount_WithRecovery_AclsAndEventSource_NoFirewallRule()
    {
        var run = await RunAsync("install.ps1", "-WhatIf");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(
        [
            .. CopyProgram(Program),
            $"New-Item -ItemType Directory -Force -Path '{Data}\\settings' | Out-Null",
            $"New-Service -Name LocalPayGateway -BinaryPathName {BinPath} -DisplayName LocalPayGateway -StartupType Automatic | Out-Null",
            .. Recovery,
            $"icacls '{Data}' /inheritance:r /grant:r '*S-1-5-18:(OI)(CI)F' '*S-1-5-32-544:(OI)(CI)F' 'NT SERVICE\\LocalPayGateway:(OI)(CI)M' /T",
            "[Diagnostics.EventLog]::CreateEventSource('LocalPayGateway', 'Application')",
            "Start-Service -Name LocalPayGateway",
        ], run.Commands("> "));
        Assert.Contains("Консоль администратора / admin console: http://127.0.0.1:5080/admin", run.Output);
    }

    [Theory]
    [InlineData("-DisplayUrls", "http://0.0.0.0:5081", "Gateway__DisplayUrls=http://0.0.0.0:5081", "5081")]
    [InlineData("-Urls", "http://*:5090", "Urls=http://*:5090", "5090")]
    public async Task LanListener_IsWrittenToTheServiceEnvironment_AndGetsAFirewallRuleForItsPort(string option, string url, string environment, string port)
    {
        var run = await RunAsync("install.ps1", "-WhatIf", option, url);

        var commands = run.Commands("> ");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"New-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\LocalPayGateway' -Name Environment -PropertyType MultiString -Value @('{environment}') -Force | Out-Null", commands);
        Assert.Contains($"New-NetFirewallRule -Name 'LocalPayGateway-LAN' -DisplayName 'LocalPayGateway (LAN)' -Direction Inbound -Action Allow -Protocol TCP -LocalPort {port} -Program '{Program}\\Gateway.exe' -Profile Domain,Private | Out-Null", commands);
        Assert.Equal("Start-Service -Name LocalPayGateway", commands[^1]);
    }

    [Fact]
    public async Task LoopbackUrls_GetNoFirewallRule()
    {
        var run = await RunAsync("install.ps1", "-WhatIf", "-Urls", "http://127.0.0.1:5085");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.DoesNotContain(run.Commands("> "), c => c.Contains("Firewall", StringComparison.Ordinal));
        Assert.Contains("Консоль администратора / admin console: http://127.0.0.1:5085/admin", run.Output);
    }

    [Fact]
    public async Task ModuleFolder_CopiesBothTextFilesAndThePosCertificateNamedByPosNumber()
    {
        var module = Directory.CreateDirectory(Path.Combine(_scratch.Path, "WebMoney")).FullName;
        File.WriteAllText(Path.Combine(module, "WebMoneySettings.txt"), "\uFEFF# модуль\r\nMode=QrReceipt\r\nposnumber = N7\r\n");
        File.WriteAllText(Path.Combine(module, "WebMoneyPaymentTypes.txt"), "Sbp=5\r\n");
        File.WriteAllBytes(Path.Combine(module, "N7.pfx"), [1]);

        var run = await RunAsync("install.ps1", "-WhatIf", "-ModuleFolder", module);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(
        [
            $"Copy-Item -LiteralPath '{Path.Combine(module, "WebMoneySettings.txt")}' -Destination '{Data}\\settings'",
            $"Copy-Item -LiteralPath '{Path.Combine(module, "WebMoneyPaymentTypes.txt")}' -Destination '{Data}\\settings'",
            $"Copy-Item -LiteralPath '{Path.Combine(module, "N7.pfx")}' -Destination '{Data}\\settings'",
        ], run.Commands("> ").Where(c => c.StartsWith("Copy-Item -LiteralPath '" + module, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Upgrade_StopsKeepsThePreviousAsideReplacesStartsAndWaitsForReady_NeverTouchingDataAclsOrFirewall()
    {
        var installed = Directory.CreateDirectory(Path.Combine(_scratch.Path, "LocalPayGateway")).FullName;
        File.WriteAllBytes(Path.Combine(installed, "Gateway.exe"), []);
        var binPath = "'\"" + installed + "\\Gateway.exe\" --Gateway:SettingsDirectory=\"" + Data + "\\settings\" --Gateway:DataDirectory=\"" + Data + "\"'";

        var run = await RunAsync("install.ps1", "-WhatIf", "-InstallDir", installed);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(
        [
            "Stop-Service -Name LocalPayGateway",
            $"Move-Item -LiteralPath '{installed}' -Destination '{installed}.previous'",
            .. CopyProgram(installed),
            $"Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\LocalPayGateway' -Name ImagePath -Value {binPath}",
            .. Recovery,
            "Start-Service -Name LocalPayGateway",
        ], run.Commands("> "));
        Assert.Equal(
        [
            "Stop-Service -Name LocalPayGateway",
            $"Remove-Item -LiteralPath '{installed}' -Recurse -Force",
            $"Move-Item -LiteralPath '{installed}.previous' -Destination '{installed}'",
            "Start-Service -Name LocalPayGateway",
        ], run.Commands("#   > "));
        Assert.Contains("# wait until http://127.0.0.1:5080/health/ready answers 200 (at most 60 s), else roll back:", run.Output);
    }

    [Fact]
    public async Task Uninstall_RemovesServiceRuleSourceAndProgram_KeepingTheData()
    {
        var run = await RunAsync("uninstall.ps1", "-WhatIf");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(
        [
            "Stop-Service -Name LocalPayGateway -ErrorAction SilentlyContinue",
            "sc.exe delete LocalPayGateway",
            "Remove-NetFirewallRule -Name 'LocalPayGateway-LAN'",
            "[Diagnostics.EventLog]::DeleteEventSource('LocalPayGateway')",
            $"Remove-Item -LiteralPath '{Program}.previous' -Recurse -Force",
            $"Remove-Item -LiteralPath '{Program}' -Recurse -Force",
        ], run.Commands("> "));
        Assert.Contains($"data and settings kept: {Data}", run.Output);
    }

    [Fact]
    public async Task Uninstall_WithRemoveData_AlsoRemovesTheDataFolder()
    {
        var run = await RunAsync("uninstall.ps1", "-WhatIf", "-RemoveData");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal($"Remove-Item -LiteralPath '{Data}' -Recurse -Force", run.Commands("> ")[^1]);
    }

    public void Dispose() => _scratch.Dispose();

    private Task<Shell.Result> RunAsync(string script, params string[] args) =>
        Shell.RunAsync("dotnet", ["tool", "run", "pwsh", "-NoProfile", "-NonInteractive", "-File", Path.Combine(package.WindowsPackage, script), .. args]);
}
