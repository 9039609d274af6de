using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace KassirClient.Internal;

/// <summary>One HTTP call to the gateway, turned into a <see cref="GatewayAnswer"/>; never retries by itself.</summary>
internal sealed class GatewayTransport
{
    private readonly HttpClient http;
    private readonly ClientSettings settings;
    private readonly Func<bool> isDisposed;

    // Index into settings.Addresses of the address calls start at (sticky after a switch).
    private int current;

    public GatewayTransport(HttpClient http, ClientSettings settings, Func<bool> isDisposed)
    {
        this.http = http;
        this.settings = settings;
        this.isDisposed = isDisposed;
    }

    public Task<GatewayAnswer> CreateAsync(CreatePaymentWire body, string idempotencyKey, CancellationToken ct, TimeSpan? timeout = null) =>
        SendAsync(HttpMethod.Post, "payments", Json.Write(body), idempotencyKey, timeout ?? settings.CreateTimeout, ct);

    public Task<GatewayAnswer> GetAsync(string paymentId, int waitSeconds, CancellationToken ct)
    {
        var path = "payments/" + Uri.EscapeDataString(paymentId) + (waitSeconds > 0 ? "?waitSeconds=" + waitSeconds : "");

        // The gateway holds a long-poll open for waitSeconds; the timeout covers that plus an ordinary call.
        return SendAsync(HttpMethod.Get, path, null, null, settings.RequestTimeout + TimeSpan.FromSeconds(waitSeconds), ct);
    }

    public Task<GatewayAnswer> CancelAsync(string paymentId, TimeSpan timeout, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "payments/" + Uri.EscapeDataString(paymentId) + "/cancel", null, null, timeout, ct);

    /// <summary>Creates a refund (<c>POST /payments/{id}/refunds</c>, SPEC §10); answers once WebMoney has.</summary>
    public Task<GatewayAnswer> CreateRefundAsync(string paymentId, CreateRefundWire body, string idempotencyKey, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "payments/" + Uri.EscapeDataString(paymentId) + "/refunds", Json.Write(body), idempotencyKey,
            settings.CreateTimeout, ct, refund: true);

    public Task<GatewayAnswer> GetRefundAsync(string refundId, int waitSeconds, CancellationToken ct)
    {
        var path = "refunds/" + Uri.EscapeDataString(refundId) + (waitSeconds > 0 ? "?waitSeconds=" + waitSeconds : "");
        return SendAsync(HttpMethod.Get, path, null, null, settings.RequestTimeout + TimeSpan.FromSeconds(waitSeconds), ct, refund: true);
    }

    /// <summary>
    /// Sends to the current address; when it cannot be reached, moves on to the next (<see cref="LocalPayClientOptions.FallbackAddresses"/>).
    /// A connection never made (nothing was sent) is tried on the following address at once, each address once per
    /// call. A request that may have arrived (cut, timed out) is not repeated here: the caller's retry decides
    /// (a create replays the same key), and it goes to the next address. An HTTP answer never moves anything.
    /// </summary>
    private async Task<GatewayAnswer> SendAsync(
        HttpMethod method, string path, string? json, string? idempotencyKey, TimeSpan timeout, CancellationToken ct, bool refund = false)
    {
        var addresses = settings.Addresses;
        var start = Volatile.Read(ref current);
        GatewayAnswer answer = null!;
        for (var tried = 0; tried < addresses.Count; tried++)
        {
            var index = (start + tried) % addresses.Count;
            answer = await SendToAsync(addresses[index], method, path, json, idempotencyKey, timeout, ct, refund).ConfigureAwait(false);
            if (!answer.IsNoAnswer || addresses.Count == 1)
            {
                return answer;
            }

            // Sticky: later calls start where this one goes on. Only if no other call has moved it meanwhile, so
            // two calls failing at once on the same address skip one address, not two.
            Interlocked.CompareExchange(ref current, (index + 1) % addresses.Count, index);
            if (answer.MayHaveReachedGateway)
            {
                return answer;
            }
        }

        return answer;
    }

    private async Task<GatewayAnswer> SendToAsync(Uri address,
        HttpMethod method, string path, string? json, string? idempotencyKey, TimeSpan timeout, CancellationToken ct, bool refund)
    {
        using var timeoutCts = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeoutCts.Token);
        using var request = new HttpRequestMessage(method, new Uri(address, path));
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("application/problem+json");
        request.Headers.TryAddWithoutValidation("traceparent", TraceParent.Next());
        if (settings.ApiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", settings.ApiKey);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        else if (method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent(Array.Empty<byte>());
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token)
                .ConfigureAwait(false);
            var body = response.Content is null ? "" : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            return Interpret((int)response.StatusCode, body, refund).WithRetryAfter(RetryAfter(response));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (ObjectDisposedException) when (isDisposed())
        {
            throw new ObjectDisposedException(nameof(LocalPayClient));
        }
        catch (OperationCanceledException ex)
        {
            return GatewayAnswer.NoAnswer(new TimeoutException("The gateway did not answer within " + timeout + ".", ex), true);
        }
        catch (HttpRequestException ex)
        {
            return GatewayAnswer.NoAnswer(ex, !IsConnectFailure(ex));
        }
        catch (IOException ex)
        {
            return GatewayAnswer.NoAnswer(ex, true);
        }
    }

    private static GatewayAnswer Interpret(int status, string body, bool refund)
    {
        if (status is >= 200 and < 300 && refund)
        {
            var wire = Json.TryRead<RefundWire>(body);
            return string.IsNullOrEmpty(wire?.Id)
                ? GatewayAnswer.ProblemAnswer(status, null, body)
                : GatewayAnswer.RefundAnswer(status, wire!, body);
        }

        if (status is >= 200 and < 300)
        {
            var payment = WireMapping.ToPayment(Json.TryRead<PaymentWire>(body));
            return payment is not null
                ? GatewayAnswer.Ok(status, payment, body)
                : GatewayAnswer.ProblemAnswer(status, null, body);
        }

        return GatewayAnswer.ProblemAnswer(status, Json.TryRead<ProblemWire>(body), body);
    }

    /// <summary>The wait a 429 (or 503) asks for, in seconds or as a date; null when it names none.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - settings.Time.GetUtcNow() : null;
    }

    /// <summary>
    /// Whether the connection was never made, so the gateway cannot have seen the request: refused, the name not
    /// resolved, no route, or the connect timed out. A socket error beneath an <see cref="IOException"/> came from
    /// reading or writing an open connection instead, after the request may have gone out.
    /// </summary>
    private static bool IsConnectFailure(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is IOException)
            {
                return false;
            }

            if (e is SocketException s)
            {
                return s.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.TryAgain
                    or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown
                    or SocketError.AddressNotAvailable or SocketError.NoData or SocketError.TimedOut;
            }

            // .NET Framework's HttpClientHandler reports through WebException (ConnectFailure covers a connect timeout).
            if (e is WebException w)
            {
                return w.Status is WebExceptionStatus.ConnectFailure or WebExceptionStatus.NameResolutionFailure;
            }
        }

        return false;
    }
}
