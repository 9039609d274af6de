namespace Gateway.Payments;

public sealed partial class PaymentProcessor
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} created on terminal {TerminalId}: {Amount} via {PaymentSystem}")]
    private partial void LogCreated(string paymentId, string terminalId, decimal amount, PaymentSystem paymentSystem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Payment {PaymentId}: {Operation} → {Outcome}")]
    private partial void LogOutcome(string paymentId, string operation, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment {PaymentId} ended {Status} ({ErrorCode}); unresolved: {Unresolved}")]
    private partial void LogFinal(string paymentId, PaymentStatus status, string? errorCode, bool unresolved);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LATE PAID: payment {PaymentId} (transaction {TransactionId}, {Amount}) ended {Status} but WebMoney now reports it paid. Check the receipt.")]
    private partial void LogLatePaid(string paymentId, string? transactionId, decimal amount, PaymentStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId}: a transaction ({TransactionId}) became known after the create gave up; never shown, cancel sent: {Outcome}")]
    private partial void LogLateQrCancelled(string paymentId, string? transactionId, string outcome);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Payment {PaymentId}: status poll abandoned for the cashier's cancel")]
    private partial void LogPollAbandoned(string paymentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId}: WebMoney answered status '{Status}', which is not in the contract; counted as a technical error")]
    private partial void LogUnknownStatus(string paymentId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId}: WebMoney refused {Operation} for clock skew (result code 11): this computer's clock is off WebMoney's; see readiness check 'clock'. {Message}")]
    private partial void LogClockSkewRefusal(string paymentId, string operation, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed {Count} active payment(s) from the journal")]
    private partial void LogResumed(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing payment {PaymentId} failed; it will be retried")]
    private partial void LogPassFailed(Exception ex, string paymentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal row of payment {PaymentId} changed under the processor; re-read")]
    private partial void LogConflict(string paymentId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The WebMoney client threw instead of answering an outcome; counted as a technical error")]
    private partial void LogClientThrew(Exception ex);
}
