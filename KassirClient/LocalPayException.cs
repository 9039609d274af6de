using System;

namespace KassirClient;

/// <summary>
/// The gateway refused a call of <see cref="LocalPayClient.CreateAsync"/>, <see cref="LocalPayClient.GetAsync"/>
/// or <see cref="LocalPayClient.CancelAsync"/>, or could not be reached. <see cref="LocalPayClient.PayAsync"/>
/// never throws it: it reports such failures in its <see cref="PaymentResult"/>.
/// </summary>
public class LocalPayException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public LocalPayException()
        : this("Платёжный шлюз вернул ошибку.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public LocalPayException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public LocalPayException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from a gateway answer.</summary>
    /// <param name="message">The message, in Russian.</param>
    /// <param name="statusCode">The HTTP status, or <see langword="null"/> when the gateway did not answer.</param>
    /// <param name="code">The problem's <c>code</c>, or one of <see cref="LocalPayErrorCodes"/>.</param>
    /// <param name="responseBody">The body the gateway answered, if any.</param>
    /// <param name="innerException">The cause, if any.</param>
    public LocalPayException(string message, int? statusCode, string? code, string? responseBody, Exception? innerException)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Code = code;
        ResponseBody = responseBody;
    }

    /// <summary>The HTTP status the gateway answered; <see langword="null"/> when it did not answer at all.</summary>
    public int? StatusCode { get; }

    /// <summary>
    /// The <c>code</c> member of the gateway's problem (e.g. <c>terminal_busy</c>, <c>not_configured</c>), or one of
    /// <see cref="LocalPayErrorCodes"/>.
    /// </summary>
    public string? Code { get; }

    /// <summary>The body of the gateway's answer (<c>application/problem+json</c>), if any.</summary>
    public string? ResponseBody { get; }

    /// <summary>The payment the problem refers to, when the gateway names one (e.g. the pending one of <c>terminal_busy</c>).</summary>
    public string? PaymentId { get; internal set; }
}
