using Gateway.Journal;
using Gateway.WebMoney;
using WebMoneyContract;

namespace Gateway.Payments;

/// <summary>How the processor calls WebMoney: timeouts within a budget, a client that throws, what is logged.</summary>
public sealed partial class PaymentProcessor
{
    /// <summary>
    /// The cancel may take half of what is left: the status check after it is what decides paid or not, so a hanging
    /// cancel must leave it time.
    /// </summary>
    private TimeSpan? Half(TimeSpan? until) => until is { } end ? Elapsed + (end - Elapsed) / 2 : null;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>A call with min(10 s, what is left until <paramref name="until"/>) as its timeout; no time left is a timeout.</summary>
    private Task<WebMoneyOutcome<T>> CallAsync<T>(TimeSpan? until, Func<TimeSpan, Task<WebMoneyOutcome<T>>> call)
    {
        var timeout = until is { } end ? Min(MaxCallTimeout, end - Elapsed) : MaxCallTimeout;
        return timeout > TimeSpan.Zero ? Guard(() => call(timeout)) : Task.FromResult(NoClient<T>(TimeSpan.Zero));
    }

    /// <summary>The client promises outcome values; should anything still throw, it counts as a technical error.</summary>
    private async Task<WebMoneyOutcome<T>> Guard<T>(Func<Task<WebMoneyOutcome<T>>> call)
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

    private static WebMoneyOutcome<T> NoClient<T>(TimeSpan left) => new WebMoneyOutcome<T>.TechnicalError(
        left <= TimeSpan.Zero ? TechnicalErrorKind.Timeout : TechnicalErrorKind.Connect,
        left <= TimeSpan.Zero ? "deadline passed" : "settings unusable: no WebMoney connection");

    /// <summary>Every answer at debug level; what the administrator must see (an unknown status, a clock refusal) as a warning.</summary>
    private void Note<T>(string paymentId, string operation, WebMoneyOutcome<T> outcome)
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
}
