using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;

namespace Tests.KassirClient;

/// <summary>
/// The file a POS vendor copies, <c>KassirClient/bin/&lt;Configuration&gt;/net462/KassirClient.dll</c>, read as
/// metadata (not loaded): it must need nothing but .NET Framework 4.6.2's own assemblies (SPEC §7), so that
/// dropped alone beside the POS program it loads and works. Adding any package to KassirClient fails here.
/// </summary>
public sealed class KassirClientReferencesTests
{
    [Fact]
    public void Net462Build_ReferencesOnlyAssembliesOfDotNetFramework462()
    {
        var allowed = File.ReadAllLines(Path.Combine(SourceDirectory(), "Net462Assemblies.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToHashSet(StringComparer.Ordinal);

        var references = ReferencesOf(Net462Dll());

        var foreign = references.Where(r => !allowed.Contains(r.Name)).Select(r => r.Name + " " + r.Version).ToList();
        Assert.True(foreign.Count == 0, "KassirClient.dll (net462) references assemblies .NET Framework 4.6.2 does not have: " + string.Join(", ", foreign));
        Assert.Contains(references, r => r.Name == "mscorlib");
        Assert.DoesNotContain(references, r => r.Name == "netstandard");
    }

    [Fact]
    public void Net462Build_AsksForNoFrameworkAbove462()
    {
        var references = ReferencesOf(Net462Dll());
        var framework = TargetFrameworkOf(Net462Dll());

        Assert.Equal(".NETFramework,Version=v4.6.2", framework);
        Assert.All(references, r => Assert.True(r.Version <= new Version(4, 0, 0, 0), r.Name + " " + r.Version));
    }

    [Fact]
    public void NetStandardBuild_ReferencesOnlyNetStandard()
    {
        var references = ReferencesOf(typeof(global::KassirClient.LocalPayClient).Assembly.Location);

        Assert.Equal(["netstandard"], references.Select(r => r.Name).ToArray());
    }

    /// <summary>The net462 build, which Tests.csproj builds alongside (see its second KassirClient reference).</summary>
    internal static string Net462Dll()
    {
        var path = typeof(KassirClientReferencesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "KassirClientNet462").Value!;
        Assert.True(File.Exists(path), "Build KassirClient for net462 first (dotnet build Tests/Tests.csproj does): " + path);
        return Path.GetFullPath(path);
    }

    private static List<(string Name, Version Version)> ReferencesOf(string dll)
    {
        using var stream = File.OpenRead(dll);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        return md.AssemblyReferences.Select(h => md.GetAssemblyReference(h))
            .Select(r => (md.GetString(r.Name), r.Version)).ToList();
    }

    private static string? TargetFrameworkOf(string dll)
    {
        using var stream = File.OpenRead(dll);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        foreach (var handle in md.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = md.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }

            var ctor = md.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            var type = md.GetTypeReference((TypeReferenceHandle)ctor.Parent);
            if (md.GetString(type.Name) == "TargetFrameworkAttribute")
            {
                var blob = md.GetBlobReader(attribute.Value);
                blob.ReadUInt16(); // prolog
                return blob.ReadSerializedString();
            }
        }

        return null;
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
