using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tests.KassirClient;

/// <summary>
/// The refund endpoints of SPEC §10 answered from a script, in memory: the gateway's refund API is built in
/// parallel, so until it lands these are the client's only refund tests (a real-gateway test is pending). Each
/// call gets the next answer; the last one repeats.
/// </summary>
internal sealed class RefundStubHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] answers) : HttpMessageHandler
{
    private int next;

    public List<(string Method, string PathAndQuery, string? Body, string? Key, string? TraceParent)> Requests { get; } = [];

    public static Func<HttpRequestMessage, HttpResponseMessage> Refund(string status, int code = 201, string? errorCode = null,
        string? errorMessage = null, bool unresolved = false) => _ => Json(code, $$"""
        {"id":"r1","paymentId":"p1","amount":100.50,"currency":"RUB","status":"{{status}}","reason":null,
         "refundTransactionId":{{(status == "succeeded" ? "\"wm-r-77\"" : "null")}},"createdAt":"2026-12-01T10:00:00+00:00",
         "completedAt":null,"error":{{(errorCode is null ? "null" : $$"""{"code":"{{errorCode}}","message":"{{errorMessage}}"}""")}},
         "unresolved":{{(unresolved ? "true" : "false")}},"somethingNew":{"x":1} }
        """);

    public static Func<HttpRequestMessage, HttpResponseMessage> Problem(int status, string code, string extra = "") => _ =>
        Json(status, $$"""{"type":"about:blank","title":"t","status":{{status}},"detail":"Подробности","code":"{{code}}"{{extra}}}""",
            "application/problem+json");

    public static Func<HttpRequestMessage, HttpResponseMessage> TooManyRequests(int retryAfterSeconds) => _ =>
    {
        var response = Json(429, """{"title":"Too many requests","status":429,"code":"too_many_requests"}""", "application/problem+json");
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfterSeconds));
        return response;
    };

    /// <summary>The gateway did the work but the answer was lost (connection reset).</summary>
    public static Func<HttpRequestMessage, HttpResponseMessage> Lost() => _ =>
        throw new HttpRequestException("reset", new IOException("The connection was reset."));

    /// <summary>Nothing listens: the request never reached the gateway.</summary>
    public static Func<HttpRequestMessage, HttpResponseMessage> Refused() => _ =>
        throw new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.Method.Method, request.RequestUri!.PathAndQuery, body,
            request.Headers.TryGetValues("Idempotency-Key", out var k) ? k.Single() : null,
            request.Headers.TryGetValues("traceparent", out var t) ? t.Single() : null));
        var answer = answers[Math.Min(next++, answers.Length - 1)];
        return answer(request);
    }

    private static HttpResponseMessage Json(int status, string json, string type = "application/json") =>
        new((HttpStatusCode)status) { Content = new StringContent(json, Encoding.UTF8, type) };
}
