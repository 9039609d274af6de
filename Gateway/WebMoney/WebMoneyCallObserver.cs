namespace Gateway.WebMoney;

/// <summary>
/// One WebMoney call as its observers see it (history, metrics, traces: SPEC §12, §13).
/// </summary>
/// <param name="Operation">The SOAP operation (<c>WebMoneyContract.PosApi</c> names).</param>
/// <param name="PosNumber">The identity the call signs as (SPEC §15), when known.</param>
/// <param name="PaymentId">The payment's id when the call carries it (the create's ExternalId).</param>
/// <param name="TransactionId">The payment's transaction at WebMoney, when the call concerns one.</param>
/// <param name="Request">What was sent when it is more than the ids: the <see cref="CreateQrCommand"/>, the
/// <see cref="RefundCommand"/>, or the refund transaction id of a GetRefundStatus.</param>
public sealed record WebMoneyCall(string Operation, string? PosNumber, string? PaymentId = null, string? TransactionId = null, object? Request = null);

/// <summary>
/// The one hook on every WebMoney call: <see cref="ObservedWebMoneyClientFactory"/>, registered once by AddWebMoney,
/// tells each registered observer about each call, whatever order the features were added in. An observer must be
/// quick and must not throw.
/// </summary>
public interface IWebMoneyCallObserver
{
    /// <summary>The call is about to go out; the scope returned (null: nothing to follow) hears how it ended.</summary>
    IWebMoneyCallScope? OnCall(WebMoneyCall call);
}

/// <summary>One observer's view of one call in flight; disposed once the call is over.</summary>
public interface IWebMoneyCallScope : IDisposable
{
    /// <summary>WebMoney's answer (an outcome value: success, refusal or technical error).</summary>
    void OnAnswered<T>(WebMoneyOutcome<T> outcome);

    /// <summary>The caller cancelled the call (the cashier's cancel abandons a status poll): there is no outcome.</summary>
    void OnAbandoned();
}
