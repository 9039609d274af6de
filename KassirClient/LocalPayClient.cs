// Over ~250 lines on purpose: the public surface, every step in async and blocking form with XML docs (most of the file); the logic is in Internal/.
using System;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using KassirClient.Internal;

namespace KassirClient;

/// <summary>
/// The POS side of LocalPayGateway: takes a QR payment through the gateway's REST API and reports how it ended.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="PayAsync"/> (and its blocking form <see cref="Pay"/>) is all a POS needs: it creates the payment,
/// hands the QR code over for printing, waits for the customer and returns a <see cref="PaymentResult"/>. It never
/// throws for anything the gateway says or fails to say; it throws only for programming errors (bad arguments,
/// a disposed client).
/// </para>
/// <para>
/// <see cref="CreateAsync"/>, <see cref="GetAsync"/>, <see cref="WaitAsync"/> and <see cref="CancelAsync"/> are the
/// single steps, for hosts that drive the flow themselves; they throw <see cref="LocalPayException"/> when the
/// gateway refuses or cannot be reached.
/// </para>
/// <para>Every await inside uses <c>ConfigureAwait(false)</c>, so the blocking forms may be called from a UI thread.</para>
/// </remarks>
public sealed partial class LocalPayClient : IDisposable
{
    private readonly HttpClient http;
    private readonly bool ownsHttp;
    private readonly ClientSettings settings;
    private readonly PaymentFlow flow;
    private int disposed;

    /// <summary>Creates a client for the gateway at <c>http://127.0.0.1:5080</c> with default settings.</summary>
    public LocalPayClient()
        : this(new LocalPayClientOptions())
    {
    }

    /// <summary>Creates a client.</summary>
    /// <param name="options">The settings; copied now, later changes to the instance have no effect.</param>
    /// <param name="httpClient">
    /// An <see cref="HttpClient"/> to send through, or <see langword="null"/> to make one. A given client is not
    /// disposed by this one; its <see cref="HttpClient.Timeout"/> should be at least
    /// <see cref="LocalPayClientOptions.CreateTimeout"/> (or infinite), since this client applies its own timeouts.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public LocalPayClient(LocalPayClientOptions options, HttpClient? httpClient = null)
    {
        settings = ClientSettings.From(options);
        if (httpClient is null)
        {
            // Our own timeouts apply per call; a proxy has no business between a POS and its local gateway.
            http = new HttpClient(new HttpClientHandler { UseProxy = !AllLoopback(settings) })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
            ownsHttp = true;
        }
        else
        {
            http = httpClient;
        }

        flow = new PaymentFlow(new GatewayTransport(http, settings, () => Volatile.Read(ref disposed) != 0), settings);
    }

    /// <summary>
    /// Takes a QR payment: creates it at the gateway, hands its QR code to <paramref name="onQr"/> and waits until
    /// the customer pays, the payment ends otherwise, or its outcome cannot be known.
    /// </summary>
    /// <param name="request">What to pay.</param>
    /// <param name="onQr">
    /// Called once with the QR code before waiting, to print it on the receipt tape or show it. It runs on the
    /// caller's <see cref="SynchronizationContext"/> (the UI thread of a WinForms or WPF host), so block on the
    /// returned task only through <see cref="Pay"/>. If it throws, the payment is cancelled at the gateway.
    /// </param>
    /// <param name="cancellationToken">
    /// Fires when the cashier gives up: the payment is then cancelled at the gateway and its final outcome is
    /// returned, which is <see cref="PaymentOutcome.Paid"/> when the customer paid just before.
    /// </param>
    /// <returns>
    /// How the attempt ended, with a Russian message for the cashier. <see cref="PaymentOutcome.Unknown"/> (never
    /// <see cref="PaymentOutcome.Failed"/>) when the payment may have been paid but nobody could confirm it.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The request is invalid.</exception>
    /// <exception cref="ObjectDisposedException">The client is disposed.</exception>
    public Task<PaymentResult> PayAsync(PayRequest request, Action<QrIssued>? onQr = null, CancellationToken cancellationToken = default)
    {
        var copy = Checked(request);
        return flow.PayAsync(copy, QrCallbacks.OnCallerContext(onQr), cancellationToken);
    }

    /// <summary>The blocking form of <see cref="PayAsync"/>, for hosts without async.</summary>
    /// <param name="request">What to pay.</param>
    /// <param name="onQr">Called once with the QR code before waiting, on the calling thread.</param>
    /// <param name="cancellationToken">Fires when the cashier gives up (from another thread).</param>
    /// <returns>How the attempt ended.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The request is invalid.</exception>
    /// <exception cref="ObjectDisposedException">The client is disposed.</exception>
    public PaymentResult Pay(PayRequest request, Action<QrIssued>? onQr = null, CancellationToken cancellationToken = default)
    {
        var copy = Checked(request);
        using var pump = new CallerThreadPump();
        var sink = pump.Wrap(onQr);
        return pump.Run(Task.Run(() => flow.PayAsync(copy, sink, cancellationToken), CancellationToken.None));
    }

    /// <summary>
    /// Creates a payment (<c>POST /payments</c>) and returns it once its QR code is known. Retried on connection
    /// failures under one idempotency key, so it never creates two payments.
    /// </summary>
    /// <param name="request">What to pay.</param>
    /// <param name="idempotencyKey">
    /// The key to send; <see langword="null"/> makes a new one. Pass the same key again to get the same payment back.
    /// </param>
    /// <param name="cancellationToken">Stops waiting for the answer (the payment may still be created).</param>
    /// <returns>The new payment, usually pending.</returns>
    /// <exception cref="LocalPayException">The gateway refused (e.g. <c>terminal_busy</c>) or could not be reached.</exception>
    /// <exception cref="ArgumentException">The request is invalid.</exception>
    /// <exception cref="ObjectDisposedException">The client is disposed.</exception>
    public async Task<Payment> CreateAsync(PayRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        TraceParent.BeginOperation();
        var copy = Checked(request);
        var key = string.IsNullOrEmpty(idempotencyKey) ? Guid.NewGuid().ToString() : idempotencyKey!;
        var answer = (await flow.CreateWithRetriesAsync(flow.ToWire(copy), key, abortInFlight: true, cancellationToken)
            .ConfigureAwait(false)).Answer;
        cancellationToken.ThrowIfCancellationRequested();
        return answer.Payment ?? throw ToException(answer);
    }

    /// <summary>The blocking form of <see cref="CreateAsync"/>.</summary>
    /// <param name="request">What to pay.</param>
    /// <param name="idempotencyKey">The key to send; <see langword="null"/> makes a new one.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The new payment.</returns>
    /// <exception cref="LocalPayException">The gateway refused or could not be reached.</exception>
    public Payment Create(PayRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        CreateAsync(request, idempotencyKey, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Reads a payment's current state (<c>GET /payments/{id}</c>).</summary>
    /// <param name="paymentId">The gateway's payment id.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The payment.</returns>
    /// <exception cref="LocalPayException">The gateway does not know it (404) or could not be reached.</exception>
    public async Task<Payment> GetAsync(string paymentId, CancellationToken cancellationToken = default)
    {
        TraceParent.BeginOperation();
        CheckId(paymentId);
        var answer = await flow.WithRetriesAsync(t => Transport(t, paymentId, 0), cancellationToken).ConfigureAwait(false);
        return answer.Payment ?? throw ToException(answer);
    }

    /// <summary>The blocking form of <see cref="GetAsync"/>.</summary>
    /// <param name="paymentId">The gateway's payment id.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The payment.</returns>
    /// <exception cref="LocalPayException">The gateway does not know it or could not be reached.</exception>
    public Payment Get(string paymentId, CancellationToken cancellationToken = default) =>
        GetAsync(paymentId, cancellationToken).GetAwaiter().GetResult();

    /// <summary>
    /// Waits until a payment is final, long-polling <c>GET /payments/{id}?waitSeconds=N</c>. It survives the gateway
    /// restarting; it gives up with <see cref="PaymentOutcome.Unknown"/> when the gateway stays silent past the
    /// payment's deadline plus <see cref="LocalPayClientOptions.DeadlineMargin"/>.
    /// </summary>
    /// <param name="paymentId">The gateway's payment id.</param>
    /// <param name="cancellationToken">
    /// Stops waiting (throws <see cref="OperationCanceledException"/>); it does not cancel the payment — that is
    /// <see cref="CancelAsync"/>.
    /// </param>
    /// <returns>How the payment ended.</returns>
    public async Task<PaymentResult> WaitAsync(string paymentId, CancellationToken cancellationToken = default)
    {
        TraceParent.BeginOperation();
        CheckId(paymentId);
        var state = new WaitState(null);
        var end = await flow.WaitForFinalAsync(paymentId, state, null, cancellationToken).ConfigureAwait(false);
        return PaymentFlow.Conclude(end, state, paymentId);
    }

    /// <summary>The blocking form of <see cref="WaitAsync"/>.</summary>
    /// <param name="paymentId">The gateway's payment id.</param>
    /// <param name="cancellationToken">Stops waiting (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>How the payment ended.</returns>
    public PaymentResult Wait(string paymentId, CancellationToken cancellationToken = default) =>
        WaitAsync(paymentId, cancellationToken).GetAwaiter().GetResult();

    /// <summary>
    /// Cancels a payment (<c>POST /payments/{id}/cancel</c>). The gateway cancels at WebMoney and checks the status
    /// once more, so the payment returned may be paid.
    /// </summary>
    /// <param name="paymentId">The gateway's payment id.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The payment after the cancel, whatever its status.</returns>
    /// <exception cref="LocalPayException">The gateway does not know it or could not be reached.</exception>
    public async Task<Payment> CancelAsync(string paymentId, CancellationToken cancellationToken = default)
    {
        TraceParent.BeginOperation();
        CheckId(paymentId);
        var answer = await flow.WithRetriesAsync(t => Transport(t, paymentId, null), cancellationToken).ConfigureAwait(false);
        return answer.Payment ?? throw ToException(answer);
    }

    /// <summary>The blocking form of <see cref="CancelAsync"/>.</summary>
    /// <param name="paymentId">The gateway's payment id.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The payment after the cancel.</returns>
    /// <exception cref="LocalPayException">The gateway does not know it or could not be reached.</exception>
    public Payment Cancel(string paymentId, CancellationToken cancellationToken = default) =>
        CancelAsync(paymentId, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Releases the <see cref="HttpClient"/> this client made (not one that was given to it).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0 && ownsHttp)
        {
            http.Dispose();
        }
    }

    private Task<GatewayAnswer> Transport(CancellationToken ct, string paymentId, int? waitSeconds) =>
        waitSeconds is { } w ? Gateway.GetAsync(paymentId, w, ct) : Gateway.CancelAsync(paymentId, settings.CancelTimeout, ct);

    private GatewayTransport Gateway => flow.Gateway;

    private static bool AllLoopback(ClientSettings settings)
    {
        foreach (var address in settings.Addresses)
        {
            if (!address.IsLoopback)
            {
                return false;
            }
        }

        return true;
    }

    private PayRequest Checked(PayRequest request)
    {
        ThrowIfDisposed();
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        if (request.Amount <= 0m || !Internal.Money.IsWholeKopecks(request.Amount))
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Amount, "Amount must be greater than 0 with at most 2 decimals.");
        }

        if (request.PaymentTypeCode <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.PaymentTypeCode, "PaymentTypeCode must be greater than 0.");
        }

        if (request.ReceiptId?.Length > 64)
        {
            throw new ArgumentException("ReceiptId must be at most 64 characters.", nameof(request));
        }

        if (request.Description?.Length > 128)
        {
            throw new ArgumentException("Description must be at most 128 characters.", nameof(request));
        }

        // Copied so the caller changing its instance mid-payment cannot change what is retried.
        return new PayRequest
        {
            Amount = request.Amount,
            PaymentTypeCode = request.PaymentTypeCode,
            ReceiptId = request.ReceiptId,
            Description = request.Description,
        };
    }

    private void CheckId(string paymentId)
    {
        ThrowIfDisposed();
        if (string.IsNullOrWhiteSpace(paymentId))
        {
            throw new ArgumentException("A payment id is required.", nameof(paymentId));
        }
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(LocalPayClient));
        }
    }

    private static LocalPayException ToException(GatewayAnswer answer)
    {
        if (answer.IsNoAnswer)
        {
            return new LocalPayException(
                "Нет связи с платёжным шлюзом: " + answer.Failure?.Message,
                null,
                LocalPayErrorCodes.GatewayUnreachable,
                null,
                answer.Failure);
        }

        var problem = answer.Problem;
        var status = answer.StatusCode!.Value.ToString(CultureInfo.InvariantCulture);
        var reason = problem?.Detail ?? problem?.Title;
        var message = answer.StatusCode is >= 200 and < 300
            ? "Платёжный шлюз ответил непонятно (HTTP " + status + ")."
            : "Платёжный шлюз вернул ошибку HTTP " + status + (problem?.Code is { } c ? " (" + c + ")" : "")
              + (string.IsNullOrEmpty(reason) ? "." : ": " + reason);
        var code = answer.StatusCode is >= 200 and < 300 ? LocalPayErrorCodes.UnexpectedResponse : problem?.Code;
        return new LocalPayException(message, answer.StatusCode, code, answer.Body, null) { PaymentId = problem?.PaymentId };
    }
}
