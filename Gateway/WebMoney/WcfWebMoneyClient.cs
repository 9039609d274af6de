using System.ServiceModel;
using WebMoneyContract;

namespace Gateway.WebMoney;

/// <summary>
/// <see cref="IWebMoneyClient"/> over WCF (SOAP 1.1, HTTPS, client certificate). One per connection,
/// sharing its <see cref="ChannelFactory{TChannel}"/>; a fresh channel per call carries the call's timeout.
/// </summary>
public sealed partial class WcfWebMoneyClient : IWebMoneyClient
{
    private readonly ChannelFactory<IPosApiService> _factory;
    private readonly RequestSigner _signer;
    private readonly TimeProvider _time;
    private readonly WebMoneyActivity _activity;
    private readonly string[] _secrets;
    private readonly ILogger _logger;

    internal WcfWebMoneyClient(WebMoneyConnection connection, ChannelFactory<IPosApiService> factory, TimeProvider time, WebMoneyActivity activity, ILogger logger)
    {
        _factory = factory;
        _time = time;
        _activity = activity;
        _logger = logger;
        _signer = new RequestSigner(connection.Settings, time);
        _secrets = [connection.Settings.AgentKey, connection.Settings.CertificatePassword];
    }

    public Task<WebMoneyOutcome<QrCreated>> CreateQrPaymentAsync(CreateQrCommand command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return CallAsync(PosApi.CreateQrPayment, timeout, cancellationToken,
            channel => channel.CreateQrPaymentAsync(_signer.Sign(new CreateQrPaymentRequest
            {
                ExternalId = command.ExternalId,
                PaymentSystem = command.PaymentSystem,
                Amount = command.Amount,
                Currency = command.Currency,
                Description = command.Description,
            })),
            response => string.IsNullOrEmpty(response.TransactionId) || string.IsNullOrEmpty(response.QrPayload)
                ? null
                : new QrCreated(response.TransactionId, response.QrPayload, Utc(response.ExpiresAt)));
    }

    public Task<WebMoneyOutcome<StatusAnswer>> GetPaymentStatusAsync(string transactionId, TimeSpan timeout, CancellationToken cancellationToken) =>
        CallAsync(PosApi.GetPaymentStatus, timeout, cancellationToken,
            channel => channel.GetPaymentStatusAsync(_signer.Sign(new GetPaymentStatusRequest { TransactionId = transactionId })),
            response => string.IsNullOrEmpty(response.Status)
                ? null
                : new StatusAnswer(response.Status, response.StatusMessage, Utc(response.PaidAt), Utc(response.ServerTime)),
            response => response.ServerTime);

    public Task<WebMoneyOutcome<CancelAnswer>> CancelPaymentAsync(string transactionId, TimeSpan timeout, CancellationToken cancellationToken) =>
        CallAsync(PosApi.CancelPayment, timeout, cancellationToken,
            channel => channel.CancelPaymentAsync(_signer.Sign(new CancelPaymentRequest { TransactionId = transactionId })),
            response => new CancelAnswer(response.Status));

    private async Task<WebMoneyOutcome<T>> CallAsync<TResponse, T>(
        string operation,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        Func<IPosApiService, Task<TResponse>> call,
        Func<TResponse, T?> read,
        Func<TResponse, DateTime?>? serverTime = null)
        where TResponse : PosResponse
        where T : class
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (timeout <= TimeSpan.Zero)
        {
            return new WebMoneyOutcome<T>.TechnicalError(TechnicalErrorKind.Timeout, $"{operation}: no time left for the call.");
        }

        IClientChannel? client = null;
        TResponse response;
        try
        {
            // Inside the try: a faulted factory is a technical error like any other, never an exception.
            var channel = _factory.CreateChannel();
            client = (IClientChannel)channel;
            client.OperationTimeout = timeout;
            var pending = call(channel);
            try
            {
                // WCF's Task operations take no token: the wait ends on the timeout or on cancellation, and the
                // channel is aborted so the request does not linger.
                response = await pending.WaitAsync(timeout, cancellationToken);
            }
            catch
            {
                ObserveLater(pending);
                throw;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            client?.Abort();
            throw;
        }
        catch (Exception e)
        {
            client?.Abort();
            var (kind, message) = WebMoneyErrors.Classify(e);
            var safe = Scrub($"{operation}: {message}");
            _logger.LogDebug(e is TimeoutException ? null : e, "WebMoney {Operation}: technical error {Kind}", operation, kind);
            return new WebMoneyOutcome<T>.TechnicalError(kind, safe);
        }

        CloseQuietly(client);
        return Interpret(operation, response, read, serverTime);
    }

    private WebMoneyOutcome<T> Interpret<TResponse, T>(string operation, TResponse response, Func<TResponse, T?> read, Func<TResponse, DateTime?>? serverTime)
        where TResponse : PosResponse
        where T : class
    {
        var now = _time.GetUtcNow();
        if (serverTime?.Invoke(response) is { } server)
        {
            _activity.RecordClockSkew(Utc(server)!.Value - now);
        }

        if (ResultCodes.IsTemporary(response.ResultCode))
        {
            return new WebMoneyOutcome<T>.TechnicalError(TechnicalErrorKind.TemporaryResultCode,
                Scrub($"{operation}: temporary result code {response.ResultCode}: {response.ResultMessage}"));
        }

        if (response.ResultCode < 0)
        {
            return new WebMoneyOutcome<T>.TechnicalError(TechnicalErrorKind.Unreadable, $"{operation}: invalid result code {response.ResultCode}.");
        }

        _activity.RecordAnswer(now);
        if (ResultCodes.IsRefusal(response.ResultCode))
        {
            return new WebMoneyOutcome<T>.Refusal(response.ResultCode, response.ResultMessage ?? "");
        }

        return read(response) is { } value
            ? new WebMoneyOutcome<T>.Success(value)
            : new WebMoneyOutcome<T>.TechnicalError(TechnicalErrorKind.Unreadable, $"{operation}: the answer lacks required fields.");
    }

    private string Scrub(string message)
    {
        foreach (var secret in _secrets)
        {
            if (secret.Length > 0)
            {
                message = message.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return message;
    }

    private static DateTimeOffset? Utc(DateTime? value) => value switch
    {
        null => null,
        { Kind: DateTimeKind.Unspecified } v => new DateTimeOffset(v, TimeSpan.Zero),
        { } v => new DateTimeOffset(v.ToUniversalTime(), TimeSpan.Zero),
    };

    // The answer is in hand: a channel that fails to close cleanly must not turn it into an error.
    private static void CloseQuietly(IClientChannel channel)
    {
        try
        {
            channel.Close();
        }
        catch (Exception e) when (e is CommunicationException or TimeoutException or ObjectDisposedException)
        {
            channel.Abort();
        }
    }

    // An abandoned call may still fault later; observe it so it never surfaces as an unobserved exception.
    private static void ObserveLater(Task task) =>
        task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
