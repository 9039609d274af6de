using Gateway.Operations;

namespace Gateway.Payments;

/// <summary>Wakes the long-polls waiting on a payment once its change is committed (the payment side of <see cref="Waiters{T}"/>).</summary>
public sealed class PaymentLongPolls(Waiters<Payment> waiters) : IPaymentObserver
{
    public ValueTask OnPaymentChangedAsync(Payment payment, CancellationToken cancellationToken)
    {
        waiters.Announce(payment.Id, payment);
        return ValueTask.CompletedTask;
    }
}
