using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Versioning;
using global::KassirClient;

namespace Tests.KassirClient;

/// <summary>
/// What the POS program links against: a DLL with no dependency of its own (see KassirClientReferencesTests for
/// the net462 build a POS loads) whose public
/// surface changes only on purpose. The build also checks the surface (PublicAPI.*.txt, RS0016/RS0017).
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

    [Fact]
    public void PublicSurface_MatchesTheApprovedList()
    {
        var approvedPath = Path.Combine(SourceDirectory(), "KassirClient.PublicApi.approved.txt");
        var actual = PublicSurface();

        var approved = File.Exists(approvedPath) ? File.ReadAllLines(approvedPath) : [];
        if (!approved.SequenceEqual(actual))
        {
            File.WriteAllLines(Path.Combine(SourceDirectory(), "KassirClient.PublicApi.received.txt"), actual);
        }

        Assert.Equal(approved, actual);
    }

    private static string[] PublicSurface()
    {
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var lines = new List<string>();
        foreach (var type in Library.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var kind = type.IsEnum ? "enum" : type.IsValueType ? "struct" : type.IsInterface ? "interface" : "class";
            var modifiers = type is { IsAbstract: true, IsSealed: true } ? "static " : type.IsSealed && !type.IsEnum ? "sealed " : "";
            lines.Add($"{modifiers}{kind} {type.FullName}" + (type.BaseType is { } b && b != typeof(object) && !type.IsEnum ? " : " + b.FullName : ""));
            if (type.IsEnum)
            {
                lines.AddRange(Enum.GetNames(type).Select(n => $"  {n} = {Convert.ToInt64(Enum.Parse(type, n), System.Globalization.CultureInfo.InvariantCulture)}"));
                continue;
            }

            var members = type.GetMembers(Declared)
                .Where(m => m is not MethodInfo { IsSpecialName: true })
                .Select(Describe)
                .OrderBy(s => s, StringComparer.Ordinal);
            lines.AddRange(members.Select(m => "  " + m));
        }

        return [.. lines];
    }

    private static string Describe(MemberInfo member) => member switch
    {
        ConstructorInfo c => $"ctor({Parameters(c)})",
        MethodInfo m => $"{(m.IsStatic ? "static " : "")}{Name(m.ReturnType)} {m.Name}({Parameters(m)})",
        PropertyInfo p => $"{Name(p.PropertyType)} {p.Name} {{{(p.GetMethod?.IsPublic == true ? " get;" : "")}{(p.SetMethod?.IsPublic == true ? " set;" : "")} }}",
        FieldInfo f => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{Name(f.FieldType)} {f.Name}" + (f.IsLiteral ? $" = \"{f.GetRawConstantValue()}\"" : ""),
        _ => member.ToString()!,
    };

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(p =>
        $"{Name(p.ParameterType)} {p.Name}" + (p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : "")));

    private static string Name(Type t) => t.IsGenericType
        ? $"{t.Name[..t.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", t.GetGenericArguments().Select(Name))}>"
        : t.FullName ?? t.Name;

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
