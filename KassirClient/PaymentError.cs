namespace KassirClient;

/// <summary>Why a payment did not end paid, as the gateway reports it.</summary>
public sealed class PaymentError
{
    internal PaymentError(string code, string message)
    {
        Code = code;
        Message = message;
    }

    /// <summary>
    /// The gateway's code: <c>declined</c>, <c>timeout</c>, <c>technical_errors</c>, <c>cancelled_by_cashier</c>,
    /// <c>webmoney_rejected</c>, <c>webmoney_unavailable</c>.
    /// </summary>
    public string Code { get; }

    /// <summary>The gateway's message, in Russian.</summary>
    public string Message { get; }
}
