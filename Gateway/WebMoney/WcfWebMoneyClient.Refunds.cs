using WebMoneyContract;

namespace Gateway.WebMoney;

/// <summary>The refund operations, classified like the others: an unknown Status is an unreadable answer (SPEC §5).</summary>
public sealed partial class WcfWebMoneyClient
{
    public Task<WebMoneyOutcome<RefundAnswer>> RefundPaymentAsync(RefundCommand command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return CallAsync(PosApi.RefundPayment, timeout, cancellationToken,
            channel => channel.RefundPaymentAsync(_signer.Sign(new RefundPaymentRequest
            {
                TransactionId = command.TransactionId,
                RefundId = command.RefundId,
                Amount = command.Amount,
                Currency = command.Currency,
            })),
            response => string.IsNullOrEmpty(response.RefundTransactionId) || !WireRefundStatus.IsKnown(response.Status)
                ? null
                : new RefundAnswer(response.RefundTransactionId, response.Status!, response.StatusMessage));
    }

    public Task<WebMoneyOutcome<RefundStatusAnswer>> GetRefundStatusAsync(string refundTransactionId, TimeSpan timeout, CancellationToken cancellationToken) =>
        CallAsync(PosApi.GetRefundStatus, timeout, cancellationToken,
            channel => channel.GetRefundStatusAsync(_signer.Sign(new GetRefundStatusRequest { RefundTransactionId = refundTransactionId })),
            response => WireRefundStatus.IsKnown(response.Status) ? new RefundStatusAnswer(response.Status!, response.StatusMessage) : null);
}
