using System.Collections.Concurrent;
using Gateway.WebMoney;
using WebMoneyContract;

namespace Tests.Support;

public sealed partial class ScriptedWebMoneyClient
{
    /// <summary>Scripted GetTransactions answers; when none is left, an empty day.</summary>
    public ConcurrentQueue<WebMoneyOutcome<TransactionList>> TransactionLists { get; } = new();

    public Task<WebMoneyOutcome<TransactionList>> GetTransactionsAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Calls.Enqueue(PosApi.GetTransactions);
        return Task.FromResult(TransactionLists.TryDequeue(out var scripted) ? scripted
            : new WebMoneyOutcome<TransactionList>.Success(new TransactionList([])));
    }
}
