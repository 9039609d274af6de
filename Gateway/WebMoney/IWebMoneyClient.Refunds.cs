namespace Gateway.WebMoney;

public partial interface IWebMoneyClient
{
    /// <summary>Asks for a refund of a paid transaction; idempotent on <see cref="RefundCommand.RefundId"/>.</summary>
    Task<WebMoneyOutcome<RefundAnswer>> RefundPaymentAsync(RefundCommand command, TimeSpan timeout, CancellationToken cancellationToken);

    Task<WebMoneyOutcome<RefundStatusAnswer>> GetRefundStatusAsync(string refundTransactionId, TimeSpan timeout, CancellationToken cancellationToken);
}

public sealed record RefundCommand(string TransactionId, string RefundId, decimal Amount, string Currency);

/// <summary>A well-formed RefundPayment answer. <see cref="Status"/> is one of WebMoneyContract.WireRefundStatus.</summary>
public sealed record RefundAnswer(string RefundTransactionId, string Status, string? StatusMessage);

/// <summary>A well-formed GetRefundStatus answer. <see cref="Status"/> is one of WebMoneyContract.WireRefundStatus.</summary>
public sealed record RefundStatusAnswer(string Status, string? StatusMessage);
