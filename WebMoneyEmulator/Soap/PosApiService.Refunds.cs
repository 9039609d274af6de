using WebMoneyContract;

namespace WebMoneyEmulator.Soap;

/// <summary>The refund operations of the emulated service (SPEC §5).</summary>
internal sealed partial class PosApiService
{
    public Task<RefundPaymentResponse> RefundPaymentAsync(RefundPaymentRequest request)
    {
        var response = new RefundPaymentResponse();
        if (Refuse(request, PosApi.CanonicalString(request), response))
        {
            return Task.FromResult(response);
        }

        if (string.IsNullOrWhiteSpace(request.RefundId) || request.RefundId.Length > 64 || string.IsNullOrWhiteSpace(request.TransactionId)
            || !Money.TryFromRubles(request.Amount, out var amount) || amount == Money.Zero || request.Currency != "RUB")
        {
            return Task.FromResult(Fail(response, ResultCodes.BadRequest,
                "Неверные параметры запроса: TransactionId, RefundId (1–64 символа), Amount > 0 с точностью до копейки, Currency RUB"));
        }

        if (OfAnotherPos(request.TransactionId, request.PosNumber))
        {
            return Task.FromResult(Fail(response, ResultCodes.UnknownTransaction, "Транзакция не найдена"));
        }

        var result = state.Refunds.Refund(request.TransactionId, request.RefundId, amount, request.Currency);
        if (result.Refund is not { } refund)
        {
            LogRefundRefused(request.RefundId, result.Code, result.Message!);
            return Task.FromResult(Fail(response, result.Code, result.Message!));
        }

        LogRefund(refund.RefundTransactionId, refund.RefundId, refund.TransactionId, refund.Amount, refund.Status);
        response.ResultMessage = "OK";
        response.RefundTransactionId = refund.RefundTransactionId;
        response.Status = refund.Status;
        response.StatusMessage = refund.StatusMessage;
        return Task.FromResult(response);
    }

    public Task<GetRefundStatusResponse> GetRefundStatusAsync(GetRefundStatusRequest request)
    {
        var response = new GetRefundStatusResponse();
        if (Refuse(request, PosApi.CanonicalString(request), response))
        {
            return Task.FromResult(response);
        }

        if (state.Refunds.Find(request.RefundTransactionId) is not { } refund || OfAnotherPos(refund.TransactionId, request.PosNumber))
        {
            return Task.FromResult(Fail(response, ResultCodes.UnknownTransaction, "Возврат не найден"));
        }

        response.ResultMessage = "OK";
        response.Status = refund.Status;
        response.StatusMessage = refund.StatusMessage;
        return Task.FromResult(response);
    }

    [LoggerMessage(LogLevel.Information, "Refund {RefundTransactionId} ({RefundId}) of {TransactionId}: {Amount}, {Status}")]
    private partial void LogRefund(string refundTransactionId, string refundId, string transactionId, decimal amount, string status);

    [LoggerMessage(LogLevel.Information, "Refund {RefundId} refused with {ResultCode}: {Reason}")]
    private partial void LogRefundRefused(string refundId, int resultCode, string reason);
}
