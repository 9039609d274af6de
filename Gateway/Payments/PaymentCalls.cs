using Gateway.Operations;
using Gateway.WebMoney;
using WebMoneyContract;

namespace Gateway.Payments;

/// <summary>
/// How the processor calls WebMoney: a timeout within the time budget (<see cref="CallBudget"/>), a client that throws
/// counted as a technical error, and every answer in the log under the payment's id.
/// </summary>
internal sealed partial class PaymentCalls(Func<TimeSpan> elapsed, ILogger logger)
{
    private readonly ILogger _logger = logger;

    /// <summary>
    /// The cancel may take half of what is left: the status check after it is what decides paid or not, so a hanging
    /// cancel must leave it time.
    /// </summary>
    public TimeSpan? Half(TimeSpan? until) => until is { } end ? elapsed() + (end - elapsed()) / 2 : null;

    /// <summary>A call with min(10 s, what is left until <paramref name="until"/>) as its timeout; no time left is a timeout.</summary>
    public Task<WebMoneyOutcome<T>> CallAsync<T>(TimeSpan? until, Func<TimeSpan, Task<WebMoneyOutcome<T>>> call)
    {
        var timeout = until is { } end ? CallBudget.Within(end - elapsed()) : CallBudget.MaxCallTimeout;
        return timeout > TimeSpan.Zero ? Guard(() => call(timeout)) : Task.FromResult(NoClient<T>(TimeSpan.Zero));
    }

    /// <summary>The client promises outcome values; should anything still throw, it counts as a technical error.</summary>
    public async Task<WebMoneyOutcome<T>> Guard<T>(Func<Task<WebMoneyOutcome<T>>> call)
    {
        try
        {
            return await call();
        }
        catch (OperationCanceledException)
        {
            // Only a poll the cashier's cancel abandoned is cancelled; its outcome is dropped (see PollAsync).
            return new WebMoneyOutcome<T>.TechnicalError(TechnicalErrorKind.Timeout, "call abandoned");
        }
        catch (Exception ex)
        {
            LogClientThrew(ex);
            return new WebMoneyOutcome<T>.TechnicalError(TechnicalErrorKind.Unreadable, "unexpected client error: " + ex.GetType().Name);
        }
    }

    public static WebMoneyOutcome<T> NoClient<T>(TimeSpan left) => new WebMoneyOutcome<T>.TechnicalError(
        left <= TimeSpan.Zero ? TechnicalErrorKind.Timeout : TechnicalErrorKind.Connect,
        left <= TimeSpan.Zero ? "deadline passed" : "settings unusable: no WebMoney connection");

    /// <summary>Every answer at debug level; what the administrator must see (an unknown status, a clock refusal) as a warning.</summary>
    public void Note<T>(string paymentId, string operation, WebMoneyOutcome<T> outcome)
    {
        LogOutcome(paymentId, operation, Describe(outcome));
        if (outcome is WebMoneyOutcome<T>.Success { Value: StatusAnswer answer } && !PaymentLifecycle.IsKnown(answer.Status))
        {
            LogUnknownStatus(paymentId, answer.Status);
        }
        else if (outcome is WebMoneyOutcome<T>.Refusal { ResultCode: ResultCodes.ClockSkew } refusal)
        {
            LogClockSkewRefusal(paymentId, operation, refusal.Message);
        }
    }

    private static string Describe<T>(WebMoneyOutcome<T> outcome) => outcome switch
    {
        WebMoneyOutcome<T>.Success => "success",
        WebMoneyOutcome<T>.Refusal r => $"refusal {r.ResultCode}: {r.Message}",
        WebMoneyOutcome<T>.TechnicalError t => $"technical error {t.Kind}: {t.Message}",
        _ => outcome.GetType().Name,
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Payment {PaymentId}: {Operation} → {Outcome}")]
    private partial void LogOutcome(string paymentId, string operation, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId}: WebMoney answered status '{Status}', which is not in the contract; counted as a technical error")]
    private partial void LogUnknownStatus(string paymentId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment {PaymentId}: WebMoney refused {Operation} for clock skew (result code 11): this computer's clock is off WebMoney's; see readiness check 'clock'. {Message}")]
    private partial void LogClockSkewRefusal(string paymentId, string operation, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "The WebMoney client threw instead of answering an outcome; counted as a technical error")]
    private partial void LogClientThrew(Exception ex);
}
