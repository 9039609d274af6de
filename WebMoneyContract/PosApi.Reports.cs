namespace WebMoneyContract;

public static partial class PosApi
{
    /// <summary>End of day (SPEC §11).</summary>
    public const string GetTransactions = nameof(GetTransactions);

    public static string CanonicalString(GetTransactionsRequest r) => string.Join('|',
        GetTransactions, r.AgentId, r.PosNumber, r.CrsId, FormatRequestTime(r.RequestTime),
        FormatRequestTime(r.From), FormatRequestTime(r.To));
}
