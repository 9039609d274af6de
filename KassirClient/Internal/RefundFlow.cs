using System;
using System.Threading;
using System.Threading.Tasks;

namespace KassirClient.Internal;

/// <summary>
/// A refund (SPEC §10): create it under one idempotency key, retried like a payment's create, then long-poll
/// <c>GET /refunds/{id}</c> while it is pending, all within RefundTimeout. The same rule as for payments: Failed
/// only when no money can have moved; whatever may have reached WebMoney unconfirmed is Unknown.
/// </summary>
internal sealed class RefundFlow
{
    // A gateway that ignores waitSeconds would otherwise be polled in a tight loop.
    private static readonly TimeSpan MinPollInterval = TimeSpan.FromSeconds(1);

    private readonly GatewayTransport gateway;
    private readonly ClientSettings settings;

    public RefundFlow(GatewayTransport gateway, ClientSettings settings)
    {
        this.gateway = gateway;
        this.settings = settings;
    }

    public async Task<RefundResult> RefundAsync(string paymentId, CreateRefundWire body, CancellationToken ct)
    {
        TraceParent.BeginOperation();
        var time = settings.Time;
        var giveUpAt = time.GetUtcNow() + settings.RefundTimeout;
        if (ct.IsCancellationRequested)
        {
            return RefundResults.NotSent(paymentId, body.Amount);
        }

        var key = Guid.NewGuid().ToString();
        var mayExist = false;
        GatewayAnswer answer;
        for (var attempt = 1; ; attempt++)
        {
            // Not abandoned when the caller cancels: a refund sent must be learnt, not guessed.
            answer = await gateway.CreateRefundAsync(paymentId, body, key, CancellationToken.None).ConfigureAwait(false);
            if (!answer.IsTransient)
            {
                break;
            }

            mayExist |= answer.MayHaveReachedGateway;
            var left = giveUpAt - time.GetUtcNow();
            var retry = mayExist ? left >= Clock.Resolution : attempt <= settings.MaxRetries;
            if (!retry || ct.IsCancellationRequested)
            {
                return mayExist ? RefundResults.Unreachable(paymentId, body.Amount, null) : RefundResults.GatewayDown(paymentId, body.Amount);
            }

            var delay = answer.RetryDelay(settings, attempt);
            await time.Delay(delay < left || !mayExist ? delay : left, CancellationToken.None).ConfigureAwait(false);
        }

        if (answer.Refund is not { } refund)
        {
            // A refusal after a lost answer does not say the first attempt did nothing (refund_exceeds_payment may
            // be because of it).
            return mayExist ? RefundResults.Uncertain(paymentId, body.Amount, answer) : RefundResults.Refused(paymentId, body.Amount, answer);
        }

        return await WaitForFinalAsync(paymentId, refund, giveUpAt, ct).ConfigureAwait(false);
    }

    private async Task<RefundResult> WaitForFinalAsync(string paymentId, RefundWire refund, DateTimeOffset giveUpAt, CancellationToken ct)
    {
        var time = settings.Time;
        var failures = 0;
        var unreachable = false;
        while (refund.IsPending)
        {
            var left = giveUpAt - time.GetUtcNow();
            if (left < Clock.Resolution || ct.IsCancellationRequested)
            {
                return unreachable ? RefundResults.Unreachable(paymentId, refund.Amount, refund) : RefundResults.FromRefund(paymentId, refund);
            }

            var waitSeconds = (int)Math.Min(settings.LongPollSeconds, Math.Ceiling(left.TotalSeconds));
            var started = time.GetTimestamp();
            GatewayAnswer answer;
            try
            {
                answer = await gateway.GetRefundAsync(refund.Id!, waitSeconds, ct).ConfigureAwait(false);
                if (answer.Refund is { } seen)
                {
                    refund = seen;
                    unreachable = false;
                    failures = 0;
                    var quick = MinPollInterval - time.GetElapsedTime(started);
                    if (refund.IsPending && quick > TimeSpan.Zero)
                    {
                        await time.Delay(quick, ct).ConfigureAwait(false);
                    }

                    continue;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                continue;
            }

            if (!answer.IsTransient)
            {
                return RefundResults.LostTrack(paymentId, refund, answer);
            }

            unreachable = answer.IsNoAnswer;
            failures++;
            var delay = answer.RetryDelay(settings, failures);
            try
            {
                await time.Delay(delay < left ? delay : left, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The loop's head reports the refund as it stands.
            }
        }

        return RefundResults.FromRefund(paymentId, refund);
    }
}
