using System;

namespace KassirClient.Internal;

/// <summary>What one HTTP call to the gateway came back with: a payment or a refund, a problem, or no answer.</summary>
internal sealed class GatewayAnswer
{
    // A Retry-After longer than this is not believed: the bounds of the caller decide anyway.
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    private GatewayAnswer()
    {
    }

    public Payment? Payment { get; private set; }

    public RefundWire? Refund { get; private set; }

    /// <summary>The HTTP status; null when the gateway did not answer.</summary>
    public int? StatusCode { get; private set; }

    public ProblemWire? Problem { get; private set; }

    public string? Body { get; private set; }

    public Exception? Failure { get; private set; }

    /// <summary>How long the gateway asked to wait before the next try (its flood limiter's 429).</summary>
    public TimeSpan? RetryAfter { get; private set; }

    /// <summary>
    /// False only when the request certainly never reached the gateway (the connection was refused), so the
    /// gateway cannot have acted on it.
    /// </summary>
    public bool MayHaveReachedGateway { get; private set; } = true;

    public bool IsPayment => Payment is not null;

    public bool IsNoAnswer => StatusCode is null;

    public string? ProblemCode => Problem?.Code;

    public static GatewayAnswer Ok(int status, Payment payment, string? body) =>
        new() { StatusCode = status, Payment = payment, Body = body };

    public static GatewayAnswer RefundAnswer(int status, RefundWire refund, string? body) =>
        new() { StatusCode = status, Refund = refund, Body = body };

    public static GatewayAnswer ProblemAnswer(int status, ProblemWire? problem, string? body) =>
        new() { StatusCode = status, Problem = problem, Body = body };

    public static GatewayAnswer NoAnswer(Exception failure, bool mayHaveReachedGateway) =>
        new() { Failure = failure, MayHaveReachedGateway = mayHaveReachedGateway };

    public GatewayAnswer WithRetryAfter(TimeSpan? wait)
    {
        if (wait is { } w && w > TimeSpan.Zero)
        {
            RetryAfter = w < MaxRetryAfter ? w : MaxRetryAfter;
        }

        return this;
    }

    /// <summary>
    /// Whether trying again may give a different answer: no answer at all, the flood limiter's 429 (it decides
    /// nothing about the payment; never read as a refusal), or a server error that is not one of the gateway's
    /// deliberate answers (those carry a problem <c>code</c>; 500 never is one).
    /// </summary>
    public bool IsTransient =>
        IsNoAnswer
        || StatusCode == 408 || StatusCode == 429
        || StatusCode == 500
        || (StatusCode >= 500 && string.IsNullOrEmpty(ProblemCode))
        || (StatusCode is >= 200 and < 300 && Payment is null && Refund is null);

    /// <summary>The wait before retry number <paramref name="retry"/>: the backoff, or longer when the gateway asks.</summary>
    public TimeSpan RetryDelay(ClientSettings settings, int retry)
    {
        var backoff = settings.RetryDelay(retry);
        return RetryAfter is { } asked && asked > backoff ? asked : backoff;
    }
}
