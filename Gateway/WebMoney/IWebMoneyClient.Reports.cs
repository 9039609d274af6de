namespace Gateway.WebMoney;

/// <summary>End of day (SPEC §11).</summary>
public partial interface IWebMoneyClient
{
    /// <summary>WebMoney's transactions created in [<paramref name="from"/>, <paramref name="to"/>) (whole UTC seconds).</summary>
    Task<WebMoneyOutcome<TransactionList>> GetTransactionsAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>A well-formed GetTransactions answer.</summary>
public sealed record TransactionList(IReadOnlyList<WebMoneyTransaction> Transactions);

/// <summary>One transaction as WebMoney reports it. <see cref="Status"/> and <see cref="PaymentSystem"/> are wire names.</summary>
public sealed record WebMoneyTransaction(
    string TransactionId,
    string ExternalId,
    string PaymentSystem,
    decimal Amount,
    string Currency,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PaidAt,
    decimal RefundedAmount);
