using WebMoneyContract;
using WebMoneyEmulator.Control;
using WebMoneyEmulator.Transactions;

namespace WebMoneyEmulator.Soap;

/// <summary>The emulated <c>ApiService.svc</c>: verifies each request, then answers from the transaction book.</summary>
internal sealed partial class PosApiService(EmulatorState state, IHttpContextAccessor http, ILogger<PosApiService> logger) : IPosApiService
{
    private const string TemporaryMessage = "Сервис временно недоступен, повторите запрос позже";

    public Task<CreateQrPaymentResponse> CreateQrPaymentAsync(CreateQrPaymentRequest request)
    {
        var response = new CreateQrPaymentResponse();
        if (Refuse(request, PosApi.CanonicalString(request), response))
        {
            return Task.FromResult(response);
        }

        if (string.IsNullOrWhiteSpace(request.ExternalId) || request.ExternalId.Length > 64
            || !WirePaymentSystem.All.Contains(request.PaymentSystem)
            || !Money.TryFromRubles(request.Amount, out var amount) || amount == Money.Zero
            || request.Currency != "RUB")
        {
            return Task.FromResult(Fail(response, ResultCodes.BadRequest,
                "Неверные параметры запроса: ExternalId (1–64 символа), PaymentSystem (Sbp|WebMoney|WeChat|Alipay), Amount > 0 с точностью до копейки, Currency RUB"));
        }

        var (transaction, created) = state.Book.GetOrCreate(request.ExternalId, request.PaymentSystem, amount, request.Currency, request.Description, request.PosNumber);
        if (!created && (transaction.PaymentSystem != request.PaymentSystem || transaction.Amount != amount || transaction.PosNumber != request.PosNumber))
        {
            return Task.FromResult(Fail(response, ResultCodes.BadRequest,
                "ExternalId уже использован для платежа с другой суммой, платёжной системой или номером POS"));
        }

        if (created)
        {
            LogCreated(transaction.TransactionId, transaction.ExternalId, transaction.PaymentSystem, transaction.Amount);
        }

        response.ResultMessage = "OK";
        response.TransactionId = transaction.TransactionId;
        response.QrPayload = transaction.QrPayload;
        response.ExpiresAt = transaction.ExpiresAt.UtcDateTime;
        return Task.FromResult(response);
    }

    public Task<GetPaymentStatusResponse> GetPaymentStatusAsync(GetPaymentStatusRequest request)
    {
        var response = new GetPaymentStatusResponse { ServerTime = state.Time.GetUtcNow().UtcDateTime };
        if (Refuse(request, PosApi.CanonicalString(request), response))
        {
            return Task.FromResult(response);
        }

        if (OfAnotherPos(request.TransactionId, request.PosNumber) || state.Book.QueryStatus(request.TransactionId) is not { } transaction)
        {
            return Task.FromResult(Fail(response, ResultCodes.UnknownTransaction, "Транзакция не найдена"));
        }

        response.ResultMessage = "OK";
        response.Status = UnknownStatusFault() ?? transaction.Status;
        response.StatusMessage = transaction.StatusMessage;
        response.PaidAt = transaction.PaidAt?.UtcDateTime;
        return Task.FromResult(response);
    }

    public Task<CancelPaymentResponse> CancelPaymentAsync(CancelPaymentRequest request)
    {
        var response = new CancelPaymentResponse();
        if (Refuse(request, PosApi.CanonicalString(request), response))
        {
            return Task.FromResult(response);
        }

        if (OfAnotherPos(request.TransactionId, request.PosNumber) || state.Book.Cancel(request.TransactionId) is not { } transaction)
        {
            return Task.FromResult(Fail(response, ResultCodes.UnknownTransaction, "Транзакция не найдена"));
        }

        response.ResultMessage = "OK";
        response.Status = UnknownStatusFault() ?? transaction.Status;
        return Task.FromResult(response);
    }

    // A queued "temporary" fault answers before anything is checked or changed, as a busy server would.
    private bool Refuse(PosRequest request, string canonical, PosResponse response)
    {
        if (http.HttpContext?.Items[FaultMiddleware.TemporaryItem] is true)
        {
            Fail(response, ResultCodes.Temporary, TemporaryMessage);
            return true;
        }

        if (http.HttpContext?.Items[FaultMiddleware.AnswerFaultItem] is FaultEntry { Kind: FaultKind.Refusal } injected)
        {
            // Like the temporary fault: answered before anything is changed.
            Fail(response, injected.ResultCode ?? FaultEntry.DefaultRefusalCode, "Отказ сервера WebMoney (эмуляция)");
            return true;
        }

        if (RequestVerifier.Check(request, canonical, state, http.HttpContext?.Connection.ClientCertificate?.Thumbprint) is { } refusal)
        {
            LogRefused(request.GetType().Name, refusal.Code, refusal.Message);
            Fail(response, refusal.Code, refusal.Message);
            return true;
        }

        return false;
    }

    /// <summary>A POS sees only its own transactions (SPEC §15): another POS's is answered as unknown, as WebMoney would.</summary>
    private bool OfAnotherPos(string? transactionId, string? posNumber) =>
        transactionId is not null && state.Book.Find(transactionId) is { } t && t.PosNumber != posNumber;

    // An injected unknown status replaces the real one in the answer only: the transaction itself is unchanged.
    private string? UnknownStatusFault() =>
        http.HttpContext?.Items[FaultMiddleware.AnswerFaultItem] is FaultEntry { Kind: FaultKind.UnknownStatus } fault ? fault.Status : null;

    private static T Fail<T>(T response, int code, string message) where T : PosResponse
    {
        response.ResultCode = code;
        response.ResultMessage = message;
        return response;
    }

    [LoggerMessage(LogLevel.Information, "Transaction {TransactionId} created for {ExternalId}: {PaymentSystem} {Amount}")]
    private partial void LogCreated(string transactionId, string externalId, string paymentSystem, decimal amount);

    [LoggerMessage(LogLevel.Warning, "{Request} refused with {ResultCode}: {Reason}")]
    private partial void LogRefused(string request, int resultCode, string reason);
}
