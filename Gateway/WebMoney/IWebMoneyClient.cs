namespace Gateway.WebMoney;

/// <summary>
/// The one seam between the gateway and WebMoney (SPEC §5). Every call answers with an outcome value;
/// expected failures (refusals, technical errors of any kind) never escape as exceptions. Only caller
/// cancellation throws <see cref="OperationCanceledException"/>.
/// </summary>
public partial interface IWebMoneyClient
{
    /// <summary>Asks for a QR. Each call takes its own timeout (the poller passes min(10 s, time left)).</summary>
    Task<WebMoneyOutcome<QrCreated>> CreateQrPaymentAsync(CreateQrCommand command, TimeSpan timeout, CancellationToken cancellationToken);

    Task<WebMoneyOutcome<StatusAnswer>> GetPaymentStatusAsync(string transactionId, TimeSpan timeout, CancellationToken cancellationToken);

    Task<WebMoneyOutcome<CancelAnswer>> CancelPaymentAsync(string transactionId, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>Gives the client for a settings snapshot; one per connection, reused across calls.</summary>
public interface IWebMoneyClientFactory
{
    IWebMoneyClient GetClient(WebMoneyConnection connection);
}

public sealed record CreateQrCommand(string ExternalId, string PaymentSystem, decimal Amount, string Currency, string? Description);

public sealed record QrCreated(string TransactionId, string QrPayload, DateTimeOffset? ExpiresAt);

/// <summary>A well-formed status answer. <see cref="Status"/> is the wire status (WebMoneyContract.WireStatus).</summary>
public sealed record StatusAnswer(string Status, string? StatusMessage, DateTimeOffset? PaidAt, DateTimeOffset? ServerTime);

public sealed record CancelAnswer(string? Status);
