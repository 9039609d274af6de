namespace KassirClient;

/// <summary>
/// Codes the client itself puts in <see cref="PaymentResult.ErrorCode"/> and <see cref="LocalPayException.Code"/>
/// (the gateway's own codes pass through unchanged).
/// </summary>
public static class LocalPayErrorCodes
{
    /// <summary>The gateway could not be reached (connection refused, reset or timed out).</summary>
    public const string GatewayUnreachable = "gateway_unreachable";

    /// <summary>The gateway answered something the client cannot read.</summary>
    public const string UnexpectedResponse = "unexpected_response";

    /// <summary>The gateway does not know the payment (<c>404</c> while waiting).</summary>
    public const string PaymentNotFound = "payment_not_found";

    /// <summary>The gateway kept the payment pending past its deadline and the client's margin.</summary>
    public const string NotConfirmed = "not_confirmed";

    /// <summary>WebMoney did not answer the status checks; the gateway could not confirm the result.</summary>
    public const string TechnicalErrors = "technical_errors";

    /// <summary>The cashier cancelled (also the gateway's code for a payment cancelled by the cashier).</summary>
    public const string CancelledByCashier = "cancelled_by_cashier";

    /// <summary>The QR callback of the POS threw, so the payment was cancelled.</summary>
    public const string QrCallbackFailed = "qr_callback_failed";
}
