namespace Gateway.WebMoney;

/// <summary>Kinds of technical error (SPEC §4): all are retried within MaxStatusErrors; none is final.</summary>
public enum TechnicalErrorKind
{
    /// <summary>No connection (refused, reset, dropped, DNS).</summary>
    Connect,
    /// <summary>TLS handshake failed: server certificate untrusted/mismatched pin, client certificate refused.</summary>
    Tls,
    /// <summary>No answer within the call's timeout.</summary>
    Timeout,
    /// <summary>An HTTP status other than 200.</summary>
    HttpStatus,
    /// <summary>A SOAP fault.</summary>
    SoapFault,
    /// <summary>An answer that could not be read.</summary>
    Unreadable,
    /// <summary>A well-formed answer with a temporary result code (≥ 100).</summary>
    TemporaryResultCode,
}

/// <summary>What one WebMoney call gave: success, a refusal (final), or a technical error (retryable).</summary>
public abstract record WebMoneyOutcome<T>
{
    private WebMoneyOutcome() { }

    public sealed record Success(T Value) : WebMoneyOutcome<T>;

    /// <summary>Result code 1–99: WebMoney said no. <see cref="Message"/> is WebMoney's, kept as is.</summary>
    public sealed record Refusal(int ResultCode, string Message) : WebMoneyOutcome<T>;

    /// <summary><see cref="Message"/> is safe to log: it never carries a secret.</summary>
    public sealed record TechnicalError(TechnicalErrorKind Kind, string Message) : WebMoneyOutcome<T>;
}
