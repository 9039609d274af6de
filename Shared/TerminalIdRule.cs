// One definition of the terminal-id rule (SPEC §3), compiled into the gateway and linked into KassirClient
// (which must build for net462 and netstandard2.0, so only the plainest C# and BCL may be used here).
namespace LocalPay.Shared;

/// <summary>What a POS terminal id may look like: 1 to 32 of <c>A-Z a-z 0-9 _ -</c>.</summary>
internal static class TerminalIdRule
{
    /// <summary>The rule as a regular expression, for attributes and the OpenAPI description.</summary>
    public const string Pattern = "^[A-Za-z0-9_-]{1,32}$";

    /// <summary>The longest id allowed.</summary>
    public const int MaxLength = 32;

    /// <summary>Whether <paramref name="terminalId"/> follows the rule (same answer as <see cref="Pattern"/>).</summary>
    public static bool IsValid(string? terminalId)
    {
        if (terminalId is null || terminalId.Length == 0 || terminalId.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in terminalId)
        {
            var ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
