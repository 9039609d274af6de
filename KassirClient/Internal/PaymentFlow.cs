// Over ~250 lines on purpose: one pay attempt from create to its result; the steps share the retry and wait state and call each other.
using System;
using System.Threading;
using System.Threading.Tasks;

namespace KassirClient.Internal;

/// <summary>
/// The pay attempt: create (retried under one idempotency key), hand over the QR, long-poll until final, and
/// cancel at the gateway when the caller's token fires. It returns a <see cref="PaymentResult"/> for every
/// answer of the gateway, and for none.
/// </summary>
internal sealed class PaymentFlow
{
    // A gateway that ignores waitSeconds would otherwise be polled in a tight loop.
    private static readonly TimeSpan MinPollInterval = TimeSpan.FromSeconds(1);

    private readonly GatewayTransport gateway;
    private readonly ClientSettings settings;

    public GatewayTransport Gateway => gateway;

    public PaymentFlow(GatewayTransport gateway, ClientSettings settings)
    {
        this.gateway = gateway;
        this.settings = settings;
    }

    public async Task<PaymentResult> PayAsync(PayRequest request, Func<QrIssued, Task>? onQr, CancellationToken ct)
    {
        TraceParent.BeginOperation();
        if (ct.IsCancellationRequested)
        {
            return Results.CancelledBeforeCreate(request);
        }

        var key = Guid.NewGuid().ToString();

        // A create already sent is not abandoned when the caller cancels: the payment it makes must be known,
        // so that it can be cancelled rather than left with its QR on the customer display.
        var created = await CreateWithRetriesAsync(ToWire(request), key, abortInFlight: false, ct).ConfigureAwait(false);
        var answer = created.Answer;
        var mayExist = created.MayExist;
        if (answer.Payment is not { } payment)
        {
            if (mayExist)
            {
                return answer.IsNoAnswer ? Results.Unreachable(request.Amount, null) : Results.CreateUncertain(answer, request);
            }

            if (answer.IsNoAnswer)
            {
                return ct.IsCancellationRequested ? Results.CancelledBeforeCreate(request) : Results.GatewayDown(request);
            }

            return Results.CreateRefused(answer, request);
        }

        if (payment.IsFinal)
        {
            return Results.FromPayment(payment);
        }

        if (ct.IsCancellationRequested)
        {
            return await CancelAndConcludeAsync(new WaitState(payment), payment.Id, null).ConfigureAwait(false);
        }

        if (onQr is not null && payment.Qr is not null)
        {
            var deadline = payment.Deadline ?? settings.Time.GetUtcNow() + settings.MaxWaitTime;
            try
            {
                await onQr(new QrIssued(payment.Id, payment.Qr.Payload, deadline)).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The POS's printer failing must not leave a payable QR behind: cancel it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                var note = "Не удалось вывести QR-код (" + ex.Message + ").";
                var result = await CancelAndConcludeAsync(new WaitState(payment), payment.Id, note).ConfigureAwait(false);
                if (!result.IsPaid && result.Outcome != PaymentOutcome.Unknown)
                {
                    result.ErrorCode = LocalPayErrorCodes.QrCallbackFailed;
                }

                return result;
            }
        }

        var state = new WaitState(payment);
        try
        {
            var end = await WaitForFinalAsync(payment.Id, state, null, ct).ConfigureAwait(false);
            return Conclude(end, state, payment.Id);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return await CancelAndConcludeAsync(state, payment.Id, null).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Creates, retrying under <paramref name="key"/>; says whether a payment may exist without an answer.
    /// While nothing can have reached the gateway (connection refused), it gives up after MaxRetries. Once an
    /// attempt may have got through (cut, timed out, 5xx), the payment may exist — a restarted gateway resumes
    /// the create and shows the QR — so it keeps replaying the same key until CreateTimeout (bounded by
    /// MaxWaitTime) has passed since the first attempt. When the caller cancels with a payment possibly made
    /// (<paramref name="abortInFlight"/> false), one last replay learns its id so that it can be cancelled.
    /// </summary>
    public async Task<CreateAttempt> CreateWithRetriesAsync(
        CreatePaymentWire body, string key, bool abortInFlight, CancellationToken ct)
    {
        var time = settings.Time;
        var giveUpAt = time.GetUtcNow() + Min(settings.CreateTimeout, settings.MaxWaitTime);
        var mayExist = false;
        for (var attempt = 1; ; attempt++)
        {
            var answer = await gateway.CreateAsync(body, key, abortInFlight ? ct : CancellationToken.None)
                .ConfigureAwait(false);
            if (!answer.IsTransient)
            {
                // A refusal now says nothing of an earlier attempt that may have got through (e.g. terminal_busy
                // because of it): only a payment in hand settles the question.
                return new CreateAttempt(answer, mayExist && !answer.IsPayment);
            }

            mayExist |= answer.MayHaveReachedGateway;
            var left = giveUpAt - time.GetUtcNow();
            var retry = mayExist ? left >= Clock.Resolution : attempt <= settings.MaxRetries;
            if (!retry)
            {
                return new CreateAttempt(answer, mayExist);
            }

            var delay = answer.RetryDelay(settings, attempt);
            if (mayExist && delay > left)
            {
                delay = left;
            }

            if (ct.IsCancellationRequested || !await DelayAsync(delay, ct).ConfigureAwait(false))
            {
                return mayExist && !abortInFlight ? await LastReplayAsync(body, key, answer).ConfigureAwait(false) : new CreateAttempt(answer, mayExist);
            }
        }
    }

    /// <summary>
    /// The caller gave up while a payment may exist: one more replay of the same key (on a fresh, short token)
    /// learns its id, so that it can be cancelled rather than left payable with its QR on the customer display.
    /// </summary>
    private async Task<CreateAttempt> LastReplayAsync(CreatePaymentWire body, string key, GatewayAnswer previous)
    {
        var timeout = Min(settings.RequestTimeout, settings.CancelTimeout);
        var answer = await gateway.CreateAsync(body, key, CancellationToken.None, timeout).ConfigureAwait(false);
        return answer.IsPayment ? new CreateAttempt(answer, false) : new CreateAttempt(answer.IsNoAnswer ? previous : answer, true);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>A call retried on transient failures, at most <see cref="ClientSettings.MaxRetries"/> times.</summary>
    public async Task<GatewayAnswer> WithRetriesAsync(Func<CancellationToken, Task<GatewayAnswer>> call, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var answer = await call(ct).ConfigureAwait(false);
            if (!answer.IsTransient || attempt > settings.MaxRetries)
            {
                return answer;
            }

            ct.ThrowIfCancellationRequested();
            await settings.Time.Delay(answer.RetryDelay(settings, attempt), ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Long-polls until the payment is final, the gateway refuses, or the time runs out: the payment's deadline
    /// plus the margin (while the gateway is down, too: it may come back), bounded by MaxWaitTime and
    /// <paramref name="notAfter"/>. Throws <see cref="OperationCanceledException"/> when <paramref name="ct"/> fires.
    /// </summary>
    public async Task<WaitEnd> WaitForFinalAsync(string paymentId, WaitState state, DateTimeOffset? notAfter, CancellationToken ct)
    {
        var time = settings.Time;
        var giveUpAt = time.GetUtcNow() + settings.MaxWaitTime;
        if (notAfter is { } bound && bound < giveUpAt)
        {
            giveUpAt = bound;
        }

        var failures = 0;
        while (true)
        {
            if (state.Last is { IsFinal: true })
            {
                return WaitEnd.Final;
            }

            var limit = giveUpAt;
            if (state.Last?.Deadline is { } deadline && deadline + settings.DeadlineMargin < limit)
            {
                limit = deadline + settings.DeadlineMargin;
            }

            var left = limit - time.GetUtcNow();
            if (left < Clock.Resolution)
            {
                return WaitEnd.GaveUp;
            }

            var waitSeconds = (int)Math.Min(settings.LongPollSeconds, Math.Ceiling(left.TotalSeconds));
            var started = time.GetTimestamp();
            var answer = await gateway.GetAsync(paymentId, waitSeconds, ct).ConfigureAwait(false);
            state.LastAnswer = answer;
            if (answer.Payment is { } payment)
            {
                state.Last = payment;
                state.Unreachable = false;
                failures = 0;
                var quick = MinPollInterval - time.GetElapsedTime(started);
                if (!payment.IsFinal && quick > TimeSpan.Zero)
                {
                    await time.Delay(quick, ct).ConfigureAwait(false);
                }

                continue;
            }

            if (!answer.IsTransient)
            {
                return answer.StatusCode == 404 ? WaitEnd.NotFound : WaitEnd.Refused;
            }

            state.Unreachable = answer.IsNoAnswer;
            failures++;
            var delay = answer.RetryDelay(settings, failures);
            await time.Delay(delay < left ? delay : left, ct).ConfigureAwait(false);
        }
    }

    public static PaymentResult Conclude(WaitEnd end, WaitState state, string paymentId)
    {
        var amount = state.Last?.Amount ?? 0m;
        return end switch
        {
            WaitEnd.Final => Results.FromPayment(state.Last!),
            WaitEnd.NotFound => Results.NotFound(amount, paymentId),
            WaitEnd.Refused => Results.Refused(amount, state.Last, paymentId, state.LastAnswer!),
            _ when state.Unreachable || state.Last is null => Results.Unreachable(amount, state.Last, paymentId),
            _ => Results.FromPayment(state.Last),
        };
    }

    /// <summary>
    /// The caller gave up on the payment: cancel it at the gateway (which checks WebMoney one last time, so the
    /// answer may be paid) and report how it ended, all within CancelTimeout.
    /// </summary>
    private async Task<PaymentResult> CancelAndConcludeAsync(WaitState state, string paymentId, string? note)
    {
        var time = settings.Time;
        var notAfter = time.GetUtcNow() + settings.CancelTimeout;
        using var cts = new CancellationTokenSource(settings.CancelTimeout);
        try
        {
            var answer = await WithRetriesAsync(t => gateway.CancelAsync(paymentId, settings.CancelTimeout, t), cts.Token)
                .ConfigureAwait(false);
            state.LastAnswer = answer;
            state.Unreachable = answer.IsNoAnswer;
            if (answer.Payment is { } payment)
            {
                state.Last = payment;
            }

            if (answer.StatusCode == 404)
            {
                return Results.NotFound(state.Last?.Amount ?? 0m, paymentId);
            }

            // A cancel the gateway could not carry out yet (or refused) still leaves the status to be learnt.
            var end = WaitEnd.Final;
            if (state.Last is not { IsFinal: true } && !answer.IsNoAnswer)
            {
                end = await WaitForFinalAsync(paymentId, state, notAfter, cts.Token).ConfigureAwait(false);
            }
            else if (answer.IsNoAnswer)
            {
                end = WaitEnd.GaveUp;
            }

            var result = Conclude(end, state, paymentId);
            if (result.IsPaid && state.Last?.LatePaid != true)
            {
                result = Results.WithMessage(result, LocalPay.Shared.ResultTexts.Paid + ": покупатель успел оплатить до отмены");
            }

            return note is null ? result : Results.Prefix(result, note);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            return Results.Unreachable(state.Last?.Amount ?? 0m, state.Last, paymentId);
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await settings.Time.Delay(delay, ct).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
    }

    public CreatePaymentWire ToWire(PayRequest request) => new()
    {
        Amount = request.Amount,
        PaymentTypeCode = request.PaymentTypeCode,
        ReceiptId = string.IsNullOrEmpty(request.ReceiptId) ? null : request.ReceiptId,
        Description = string.IsNullOrEmpty(request.Description) ? null : request.Description,
        TerminalId = settings.TerminalId,
    };
}
