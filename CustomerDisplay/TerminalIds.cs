using LocalPay.Shared;

namespace CustomerDisplay;

/// <summary>Terminal ids as the API accepts them (SPEC §3); the rule itself is <see cref="TerminalIdRule"/>.</summary>
public static class TerminalIds
{
    public static bool IsValid(string? terminalId) => TerminalIdRule.IsValid(terminalId);
}
