using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Versioning;
using global::KassirClient;

namespace Tests.KassirClient;

/// <summary>
/// What the POS program links against: a DLL with no dependency of its own (see KassirClientReferencesTests for
/// the net462 build a POS loads) whose public surface changes only on purpose. The surface is tracked once, by
/// Microsoft.CodeAnalysis.PublicApiAnalyzers: the build fails (RS0016/RS0017) unless KassirClient/PublicAPI.*.txt
/// list it exactly.
/// </summary>
public sealed class KassirClientAssemblyTests
{
    private static readonly Assembly Library = typeof(LocalPayClient).Assembly;

    [Fact]
    public void Assembly_TargetsNetStandard20()
    {
        var framework = Library.GetCustomAttribute<TargetFrameworkAttribute>();

        Assert.Equal(".NETStandard,Version=v2.0", framework?.FrameworkName);
    }

    [Fact]
    public void Assembly_ReferencesNothingThatNeedsDotNetCore()
    {
        var allowed = new[] { "netstandard" };

        var references = Library.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.All(references, name => Assert.Contains(name, allowed));
        Assert.Contains("netstandard", references);
    }

    /// <summary>
    /// 1.0.0 is shipped: any change of the surface must be listed in PublicAPI.Unshipped.txt (added, or
    /// <c>*REMOVED*</c>) for the build to pass, and then fails here until it is shipped on purpose, with the version.
    /// </summary>
    [Fact]
    public void PublicSurface_IsTheShippedOne_NothingUnshipped()
    {
        var project = Path.GetFullPath(Path.Combine(SourceDirectory(), "..", "..", "KassirClient"));

        var shipped = Entries(Path.Combine(project, "PublicAPI.Shipped.txt"));
        var unshipped = Entries(Path.Combine(project, "PublicAPI.Unshipped.txt"));

        Assert.Empty(unshipped);
        Assert.Contains("KassirClient.LocalPayClient", shipped);
    }

    private static string[] Entries(string path) =>
        [.. File.ReadAllLines(path).Where(line => line.Length > 0 && !line.StartsWith('#'))];

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
