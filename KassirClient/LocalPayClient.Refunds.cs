using System;
using System.Threading;
using System.Threading.Tasks;
using KassirClient.Internal;

namespace KassirClient;

// Refunds (SPEC §10), beside the payment operations of LocalPayClient.cs.
public sealed partial class LocalPayClient
{
    /// <summary>
    /// Returns money of a paid payment to the customer (<c>POST /payments/{id}/refunds</c>), in full or in part,
    /// and waits until WebMoney has carried it out or <see cref="LocalPayClientOptions.RefundTimeout"/> has passed.
    /// Retried under one idempotency key, so it never refunds twice.
    /// </summary>
    /// <param name="paymentId">The gateway's id of the paid payment.</param>
    /// <param name="amount">
    /// How much to return: greater than 0, at most 2 decimals; <see langword="null"/> for all that is still refundable.
    /// </param>
    /// <param name="reason">Why (for the journal and the administrator). Optional.</param>
    /// <param name="cancellationToken">
    /// Stops waiting. A refund not yet sent is then not sent (<see cref="RefundOutcome.Failed"/>); one already sent
    /// cannot be taken back, and its outcome is whatever is known by then (<see cref="RefundOutcome.Unknown"/>
    /// while it is pending).
    /// </param>
    /// <returns>
    /// How the refund ended, with a Russian message. <see cref="RefundOutcome.Unknown"/> (never
    /// <see cref="RefundOutcome.Failed"/>) when the money may have gone back but nobody could confirm it.
    /// </returns>
    /// <exception cref="ArgumentException">The payment id is empty or the amount is invalid.</exception>
    /// <exception cref="ObjectDisposedException">The client is disposed.</exception>
    public Task<RefundResult> RefundAsync(
        string paymentId, decimal? amount = null, string? reason = null, CancellationToken cancellationToken = default)
    {
        CheckId(paymentId);
        if (amount is { } a && (a <= 0m || !Internal.Money.IsWholeKopecks(a)))
        {
            throw new ArgumentOutOfRangeException(nameof(amount), a, "Amount must be greater than 0 with at most 2 decimals.");
        }

        var body = new CreateRefundWire { Amount = amount, Reason = string.IsNullOrEmpty(reason) ? null : reason };
        return new RefundFlow(Gateway, settings).RefundAsync(paymentId, body, cancellationToken);
    }

    /// <summary>The blocking form of <see cref="RefundAsync"/> (safe on a UI thread).</summary>
    /// <param name="paymentId">The gateway's id of the paid payment.</param>
    /// <param name="amount">How much to return; <see langword="null"/> for all that is still refundable.</param>
    /// <param name="reason">Why. Optional.</param>
    /// <param name="cancellationToken">Stops waiting (from another thread).</param>
    /// <returns>How the refund ended.</returns>
    /// <exception cref="ArgumentException">The payment id is empty or the amount is invalid.</exception>
    /// <exception cref="ObjectDisposedException">The client is disposed.</exception>
    public RefundResult Refund(string paymentId, decimal? amount = null, string? reason = null, CancellationToken cancellationToken = default)
    {
        var started = RefundAsync(paymentId, amount, reason, cancellationToken);
        return Task.Run(() => started, CancellationToken.None).GetAwaiter().GetResult();
    }
}
