using Tests.Support;

namespace Tests.Release;

/// <summary>
/// Runs release/package.sh once for the run (linux-x64 only, to keep the suite short: one self-contained ReadyToRun
/// publish) and unpacks the archive it made. The Windows archive comes from the same script and the same steps; its
/// scripts are exercised by <see cref="InstallPs1Tests"/> from a folder laid out as that archive is.
/// </summary>
public sealed class ReleasePackageFixture : IAsyncLifetime
{
    private readonly TempDirectory _out = new("release");

    public string Name => $"LocalPayGateway-{Shell.Version}-linux-x64";

    public string Archive => Path.Combine(_out.Path, Name + ".tar.gz");

    /// <summary>The unpacked linux-x64 package: one folder.</summary>
    public string Package => Path.Combine(_out.Path, "unpacked", Name);

    /// <summary>install.ps1, uninstall.ps1, service-common.ps1, VERSION and app\Gateway.exe, as in the win-x64 archive.</summary>
    public string WindowsPackage => Path.Combine(_out.Path, "win", $"LocalPayGateway-{Shell.Version}-win-x64");

    public IReadOnlyList<string> Entries { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var packaged = await Shell.RunAsync("bash", ["release/package.sh", "--rid", "linux-x64", "--out", _out.Path], timeout: TimeSpan.FromMinutes(10));
        Assert.True(packaged.ExitCode == 0, packaged.Output);
        var list = await Shell.RunAsync("tar", ["-tzf", Archive]);
        Entries = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(e => e.TrimEnd('/')).ToList();
        Directory.CreateDirectory(Path.Combine(_out.Path, "unpacked"));
        var unpack = await Shell.RunAsync("tar", ["-xzf", Archive, "-C", Path.Combine(_out.Path, "unpacked")]);
        Assert.Equal(0, unpack.ExitCode);

        Directory.CreateDirectory(Path.Combine(WindowsPackage, "app"));
        foreach (var script in new[] { "install.ps1", "uninstall.ps1", "service-common.ps1" })
        {
            File.Copy(Path.Combine(Shell.RepoRoot, "release", script), Path.Combine(WindowsPackage, script));
        }
        File.Copy(Path.Combine(Package, "VERSION"), Path.Combine(WindowsPackage, "VERSION"));
        File.WriteAllBytes(Path.Combine(WindowsPackage, "app", "Gateway.exe"), []);
        var restore = await Shell.RunAsync("dotnet", ["tool", "restore"]);
        Assert.True(restore.ExitCode == 0, restore.Output);
    }

    public Task DisposeAsync()
    {
        _out.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class ReleaseCollection : ICollectionFixture<ReleasePackageFixture>
{
    public const string Name = "release package";
}
