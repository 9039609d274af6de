using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Tests.KassirClient;

/// <summary>
/// The smallest stand-in for a gateway answer the real gateway never gives (a bare 500, a payment with fields it
/// never combines): the request goes to the real gateway, and the answers of the matching requests are rewritten.
/// </summary>
internal sealed class AnswerRewriter(Func<HttpRequestMessage, bool> which, Func<HttpResponseMessage, Task<HttpResponseMessage>> rewrite, int times)
    : DelegatingHandler(new SocketsHttpHandler { UseProxy = false })
{
    private int left = times;

    /// <summary>The next <paramref name="times"/> matching answers become a 500 with no problem body (a proxy or a crash in between).</summary>
    public static AnswerRewriter ServerError(Func<HttpRequestMessage, bool> which, int times) =>
        new(which, response =>
        {
            response.Dispose();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("") });
        }, times);

    /// <summary>Every matching JSON answer is edited in place (status and headers kept).</summary>
    public static AnswerRewriter Json(Func<HttpRequestMessage, bool> which, Action<JsonObject> edit) =>
        new(which, async response =>
        {
            var node = JsonNode.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false))!.AsObject();
            edit(node);
            var type = response.Content.Headers.ContentType?.MediaType ?? "application/json";
            response.Content = new StringContent(node.ToJsonString(), Encoding.UTF8, type);
            return response;
        }, int.MaxValue);

    public static bool IsStatusRead(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.StartsWith("/payments/", StringComparison.Ordinal);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return which(request) && Interlocked.Decrement(ref left) >= 0 ? await rewrite(response).ConfigureAwait(false) : response;
    }
}
