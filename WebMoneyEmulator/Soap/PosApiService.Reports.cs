using WebMoneyContract;
using WebMoneyEmulator.Transactions;

namespace WebMoneyEmulator.Soap;

/// <summary>GetTransactions (SPEC §5, §11): the asking POS's transactions created in [From, To), as they stand now (§15: one POS, its own list).</summary>
internal sealed partial class PosApiService
{
    /// <summary>A longer period is refused (a real server would page or refuse too; the gateway asks for one day).</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(2);

    public Task<GetTransactionsResponse> GetTransactionsAsync(GetTransactionsRequest request)
    {
        var response = new GetTransactionsResponse();
        if (Refuse(request, PosApi.CanonicalString(request), response))
        {
            return Task.FromResult(response);
        }

        var from = Utc(request.From);
        var to = Utc(request.To);
        if (to <= from || to - from > MaxPeriod)
        {
            return Task.FromResult(Fail(response, ResultCodes.BadRequest, "Неверный период: From < To, не более 2 суток"));
        }

        response.ResultMessage = "OK";
        response.Transactions = state.Book.All()
            .Where(t => t.CreatedAt >= from && t.CreatedAt < to && t.PosNumber == request.PosNumber)
            .Select(t => new PosTransaction
            {
                TransactionId = t.TransactionId,
                ExternalId = t.ExternalId,
                PaymentSystem = t.PaymentSystem,
                Amount = t.Amount.Rubles,
                Currency = t.Currency,
                Status = t.Status,
                CreatedAt = t.CreatedAt.UtcDateTime,
                PaidAt = t.PaidAt?.UtcDateTime,
                RefundedAmount = RefundedAmount(t).Rubles,
            })
            .ToList();
        return Task.FromResult(response);
    }

    /// <summary>The sum of the transaction's completed refunds (pending and rejected ones have moved no money).</summary>
    private Money RefundedAmount(EmulatorTransaction transaction) => state.Refunds.All()
        .Where(r => r.TransactionId == transaction.TransactionId && r.Status == WireRefundStatus.Completed)
        .Aggregate(Money.Zero, (sum, r) => sum + r.Amount);

    private static DateTimeOffset Utc(DateTime value) =>
        new(DateTime.SpecifyKind(value.ToUniversalTime(), DateTimeKind.Utc));
}
