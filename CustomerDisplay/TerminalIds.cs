using System.Text.RegularExpressions;

namespace CustomerDisplay;

/// <summary>Terminal ids as the API accepts them (SPEC §3).</summary>
public static partial class TerminalIds
{
    public static bool IsValid(string? terminalId) => terminalId is not null && Pattern().IsMatch(terminalId);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex Pattern();
}
