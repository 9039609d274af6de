using Gateway.WebMoney;

namespace Gateway.Payments;

/// <summary>Which WebMoney identity a payment's calls go out under (SPEC §15).</summary>
public sealed partial class PaymentProcessor
{
    /// <summary>
    /// The client of the identity the payment went out under: the PosNumber in the journal, with that identity's current
    /// certificate and settings — never another till's. Null (so the call is not sent) when no identity has that
    /// PosNumber any more or its files are broken; the log says which and why.
    /// </summary>
    private IWebMoneyClient? IdentityClient(Payment payment)
    {
        var identity = _settings.Current.ForPosNumber(payment.PosNumber, payment.TerminalId);
        if (identity.Connection is { } connection)
        {
            return _clients.GetClient(connection);
        }
        LogNoIdentity(payment.Id, payment.PosNumber ?? "-", identity.Problem);
        return null;
    }

    [LoggerMessage(EventId = 1250, Level = LogLevel.Warning, Message = "Payment {PaymentId}: not sent, no usable identity for POS {PosNumber}: {Problem}")]
    private partial void LogNoIdentity(string paymentId, string posNumber, string? problem);
}
