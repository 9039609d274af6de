using System.Reflection;
using System.Text.RegularExpressions;
using Gateway.Journal;
using Gateway.Storage;
using Tests.Release;

namespace Tests.Gateway.Storage;

/// <summary>
/// The storage port and its SQLite implementation depend on no feature (issue #24): Gateway.Storage and Gateway.Journal
/// import neither Gateway.Payments nor Gateway.Refunds, by name in the source (method bodies included) nor by type in
/// their signatures. Otherwise a provider could not be written without the features, and the features not tested
/// without a provider.
/// </summary>
public sealed partial class StorageBoundaryTests
{
    public static TheoryData<string> Folders => new() { "Gateway/Storage", "Gateway/Journal" };

    [Theory]
    [MemberData(nameof(Folders))]
    public void Source_NamesNeitherPaymentsNorRefunds(string folder)
    {
        var files = Directory.GetFiles(Path.Combine(Shell.RepoRoot, folder), "*.cs", SearchOption.AllDirectories);

        var offending = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => FeatureReference().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.NotEmpty(files);
        Assert.Empty(offending);
    }

    [Theory]
    [InlineData(typeof(IPaymentStore))]
    [InlineData(typeof(PaymentJournal))]
    public void Types_OfTheNamespace_UseNoPaymentsOrRefundsTypeInTheirSignatures(Type sample)
    {
        var types = sample.Assembly.GetTypes().Where(t => t.Namespace == sample.Namespace).ToList();

        var offending = types
            .SelectMany(t => Signature(t).Select(used => (Type: t, Used: used)))
            .Where(x => x.Used.Namespace is "Gateway.Payments" or "Gateway.Refunds")
            .Select(x => $"{x.Type.FullName} uses {x.Used.FullName}")
            .Distinct()
            .ToList();

        Assert.Contains(types, t => t.IsClass);
        Assert.Empty(offending);
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Every type named by <paramref name="type"/>'s declaration and members, generic arguments unwrapped.</summary>
    private static IEnumerable<Type> Signature(Type type)
    {
        var named = new List<Type?> { type.BaseType };
        named.AddRange(type.GetInterfaces());
        named.AddRange(type.GetFields(All).Select(f => f.FieldType));
        named.AddRange(type.GetProperties(All).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (method is MethodInfo info)
            {
                named.Add(info.ReturnType);
            }
            named.AddRange(method.GetParameters().Select(p => p.ParameterType));
        }
        return named.OfType<Type>().SelectMany(Unwrap);
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            return Unwrap(type.GetElementType()!);
        }
        return type.IsGenericType ? [type, .. type.GetGenericArguments().SelectMany(Unwrap)] : [type];
    }

    // "using Gateway.Payments;", "Gateway.Refunds.X", "global::Gateway.Payments", or a relative "Payments.X" / "Refunds.X".
    [GeneratedRegex(@"\bGateway\.(Payments|Refunds)\b|(?<![\w.])(Payments|Refunds)\.[A-Z]")]
    private static partial Regex FeatureReference();
}
