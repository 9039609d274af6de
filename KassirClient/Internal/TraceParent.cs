using System;
using System.Reflection;
using System.Threading;

namespace KassirClient.Internal;

/// <summary>
/// The W3C <c>traceparent</c> header sent on every request (SPEC §13), written by hand: its types
/// (System.Diagnostics.Activity) live in System.Diagnostics.DiagnosticSource, which .NET Framework 4.6.2 does not
/// have. When the host has that assembly loaded and an <c>Activity.Current</c> in W3C form, the requests join
/// the host's trace; otherwise each client operation (a pay, a refund, one step call) is a fresh trace, and
/// every request in it a fresh span, so the gateway's log lines of one payment share one trace id.
/// </summary>
internal static class TraceParent
{
    private static readonly AsyncLocal<string?> OperationTraceId = new();
    private static readonly Lazy<PropertyInfo?[]?> ActivityProperties = new(FindActivity);

    /// <summary>
    /// Starts a trace for the operation running in the calling async method (the value flows into the calls it
    /// awaits and is restored when that method returns, so it never leaks into the caller).
    /// </summary>
    public static void BeginOperation() => OperationTraceId.Value = NewHex(32);

    /// <summary>The header value for one request.</summary>
    public static string Next()
    {
        if (FromHostActivity() is { } host)
        {
            return host;
        }

        var traceId = OperationTraceId.Value ?? NewHex(32);
        return "00-" + traceId + "-" + NewHex(16) + "-01";
    }

    /// <summary>Whether <paramref name="value"/> is a version-00 traceparent (for the host's activity id).</summary>
    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != 55 || !value.StartsWith("00-", StringComparison.Ordinal)
            || value[35] != '-' || value[52] != '-')
        {
            return false;
        }

        for (var i = 3; i < 55; i++)
        {
            var c = value[i];
            var hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!hex && i != 35 && i != 52)
            {
                return false;
            }
        }

        return value.Substring(3, 32) != new string('0', 32) && value.Substring(36, 16) != new string('0', 16);
    }

    private static string NewHex(int length)
    {
        // A GUID is 32 random hex digits (version nibble aside): enough for ids that only need to be unique.
        var hex = Guid.NewGuid().ToString("N");
        return hex.Substring(0, length);
    }

    private static string? FromHostActivity()
    {
        var properties = ActivityProperties.Value;
        if (properties is null)
        {
            return null;
        }

        var current = properties[0]!.GetValue(null, null);
        var id = current is null ? null : properties[1]!.GetValue(current, null) as string;
        return IsValid(id) ? id : null;
    }

    private static PropertyInfo?[]? FindActivity()
    {
        try
        {
            // Only if the host already carries it: never makes the DLL depend on it.
            var type = Type.GetType("System.Diagnostics.Activity, System.Diagnostics.DiagnosticSource", throwOnError: false);
            var current = type?.GetProperty("Current", BindingFlags.Public | BindingFlags.Static);
            var id = type?.GetProperty("Id", BindingFlags.Public | BindingFlags.Instance);
            return current is null || id is null ? null : new PropertyInfo?[] { current, id };
        }
#pragma warning disable CA1031 // Any failure to find it means "no host activity".
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
