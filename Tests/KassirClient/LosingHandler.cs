namespace Tests.KassirClient;

/// <summary>
/// A dropped connection between the POS and the gateway: the next <c>count</c> matching requests (by default the
/// creates, <c>POST /payments</c>) fail with a reset. With <c>beforeSending</c> the request never leaves (the
/// gateway sees nothing); otherwise the gateway carries it out and only its answer is lost. The client cannot tell
/// the two apart, which is the point.
/// </summary>
internal sealed class LosingHandler(int count, bool beforeSending = false, Func<HttpRequestMessage, bool>? which = null)
    : DelegatingHandler(new SocketsHttpHandler { UseProxy = false })
{
    private int toLose = count;

    /// <summary>Loses the next <paramref name="loseCreates"/> create answers (the gateway made the payment).</summary>
    public LosingHandler(int loseCreates)
        : this(loseCreates, false, null)
    {
    }

    public static bool IsCreate(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath == "/payments";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var lose = (which ?? IsCreate)(request) && Interlocked.Decrement(ref toLose) >= 0;
        if (lose && beforeSending)
        {
            throw Reset();
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (lose)
        {
            response.Dispose();
            throw Reset();
        }

        return response;
    }

    private static HttpRequestException Reset() => new("The connection was reset before the answer arrived.", new IOException("reset"));
}
