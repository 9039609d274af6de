using WebMoneyContract;

namespace Gateway.WebMoney;

public sealed partial class WcfWebMoneyClient
{
    private static readonly HashSet<string> KnownStatuses =
        [WireStatus.Created, WireStatus.WaitingForPayment, WireStatus.Paid, WireStatus.Rejected, WireStatus.Expired, WireStatus.Cancelled];

    public Task<WebMoneyOutcome<TransactionList>> GetTransactionsAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan timeout,
        CancellationToken cancellationToken) =>
        CallAsync(PosApi.GetTransactions, timeout, cancellationToken,
            channel => channel.GetTransactionsAsync(_signer.Sign(new GetTransactionsRequest
            {
                From = WholeSeconds(from),
                To = WholeSeconds(to),
            })),
            ReadTransactions);

    /// <summary>
    /// Null (an unreadable answer, i.e. a technical error) when any transaction lacks its ids or carries a status or
    /// payment system outside the contract: a reconciliation must never guess (SPEC §5).
    /// </summary>
    private static TransactionList? ReadTransactions(GetTransactionsResponse response)
    {
        var list = new List<WebMoneyTransaction>(response.Transactions?.Count ?? 0);
        foreach (var t in response.Transactions ?? [])
        {
            if (t is null || string.IsNullOrEmpty(t.TransactionId) || string.IsNullOrEmpty(t.ExternalId)
                || !KnownStatuses.Contains(t.Status) || !WirePaymentSystem.All.Contains(t.PaymentSystem))
            {
                return null;
            }
            list.Add(new WebMoneyTransaction(t.TransactionId, t.ExternalId, t.PaymentSystem, t.Amount, t.Currency, t.Status,
                Utc(t.CreatedAt)!.Value, Utc(t.PaidAt), t.RefundedAmount));
        }
        return new TransactionList(list);
    }

    private static DateTime WholeSeconds(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
