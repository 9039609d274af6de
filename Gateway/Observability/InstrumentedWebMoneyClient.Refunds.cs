using Gateway.WebMoney;
using WebMoneyContract;

namespace Gateway.Observability;

/// <summary>The refund and end-of-day operations (SPEC §5), measured like the payment ones.</summary>
public sealed partial class InstrumentedWebMoneyClient
{
    public Task<WebMoneyOutcome<RefundAnswer>> RefundPaymentAsync(RefundCommand command, TimeSpan timeout, CancellationToken cancellationToken) =>
        MeasureAsync(PosApi.RefundPayment, command.TransactionId, () => Inner.RefundPaymentAsync(command, timeout, cancellationToken));

    public Task<WebMoneyOutcome<RefundStatusAnswer>> GetRefundStatusAsync(string refundTransactionId, TimeSpan timeout, CancellationToken cancellationToken) =>
        MeasureAsync(PosApi.GetRefundStatus, null, () => Inner.GetRefundStatusAsync(refundTransactionId, timeout, cancellationToken));

    public Task<WebMoneyOutcome<TransactionList>> GetTransactionsAsync(DateTimeOffset from, DateTimeOffset to, TimeSpan timeout, CancellationToken cancellationToken) =>
        MeasureAsync(PosApi.GetTransactions, null, () => Inner.GetTransactionsAsync(from, to, timeout, cancellationToken));
}
