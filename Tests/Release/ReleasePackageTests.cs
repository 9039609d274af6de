using System.Reflection.PortableExecutable;
using System.Text;

namespace Tests.Release;

/// <summary>What release/package.sh puts in the archive a shop's IT person gets.</summary>
[Collection(ReleaseCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the Linux package and its shell scripts
public sealed class ReleasePackageTests(ReleasePackageFixture package)
{
    [Fact]
    public void Archive_IsNamedByTheVersion_AndHoldsOneFolder()
    {
        var folders = package.Entries.Select(e => e.Split('/')[0]).Distinct().ToList();

        Assert.Matches(@"^\d+\.\d+\.\d+", Shell.Version);
        Assert.True(File.Exists(package.Archive), package.Archive);
        Assert.Equal([package.Name], folders);
        Assert.Equal(Shell.Version, File.ReadAllText(Path.Combine(package.Package, "VERSION")).Trim());
    }

    [Theory]
    [InlineData("app/Gateway")]
    [InlineData("app/Gateway.dll")]
    [InlineData("app/appsettings.json")]
    [InlineData("app/wwwroot/display.html")]
    [InlineData("app/wwwroot/admin/admin.html")]
    [InlineData("app/libSystem.Native.so")]
    [InlineData("install.sh")]
    [InlineData("uninstall.sh")]
    [InlineData("service-common.sh")]
    [InlineData("kassir/KassirClient.dll")]
    [InlineData("kassir/KassirClient.xml")]
    [InlineData("kassir/README.txt")]
    [InlineData("going-live.md")]
    public void Archive_HoldsTheGatewayItsScriptsKassirClientAndTheGuide(string file)
    {
        Assert.Contains($"{package.Name}/{file}", package.Entries);
    }

    [Fact]
    public void Gateway_IsSelfContainedAndReadyToRun_AndTheScriptsAreExecutable()
    {
        using var pe = new PEReader(File.OpenRead(Path.Combine(package.Package, "app", "Gateway.dll")));
        var runtimeConfig = File.ReadAllText(Path.Combine(package.Package, "app", "Gateway.runtimeconfig.json"));

        Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, "Gateway.dll carries no ReadyToRun code");
        Assert.Contains("includedFrameworks", runtimeConfig);   // self-contained: the runtime travels with it
        foreach (var script in new[] { "install.sh", "uninstall.sh", "app/Gateway" })
        {
            Assert.True(File.GetUnixFileMode(Path.Combine(package.Package, script)).HasFlag(UnixFileMode.UserExecute), script);
        }
    }

    [Fact]
    public void KassirClient_IsTheNet462Build_WithARussianReadmeForTheIntegrator()
    {
        var dll = File.ReadAllBytes(Path.Combine(package.Package, "kassir", "KassirClient.dll"));
        var readme = File.ReadAllText(Path.Combine(package.Package, "kassir", "README.txt"));
        var guide = File.ReadAllText(Path.Combine(package.Package, "going-live.md"));

        Assert.Contains(".NETFramework,Version=v4.6.2", Encoding.UTF8.GetString(dll));
        Assert.Contains("Скопируйте KassirClient.dll в папку программы «Кассир»", readme);
        Assert.Contains("Unknown", readme);
        Assert.Equal(File.ReadAllText(Path.Combine(Shell.RepoRoot, "docs", "going-live.md")), guide);
        Assert.Contains("install.ps1", guide);
    }
}
