using System.Diagnostics;
using System.Net.Sockets;

namespace Tests.KassirClient;

/// <summary>
/// The client's side of the wire: every request it sends (path, long-poll seconds, headers, body) and what came
/// back (status and body, or no answer — refused when the port was closed). Tests read what the client did from
/// here and wait on it (a long-poll going out, failures while the gateway is down) instead of sleeping. It never
/// resumes on the caller's context (as SocketsHttpHandler does not), so a blocked UI thread cannot deadlock on it.
/// </summary>
internal sealed class WireRecorder : DelegatingHandler
{
    private readonly Lock gate = new();
    private readonly List<WireCall> calls = [];
    private readonly List<(Func<WireRecorder, bool> Ready, TaskCompletionSource Done)> waiters = [];
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public WireRecorder(HttpMessageHandler? inner = null)
        : base(inner ?? new SocketsHttpHandler { UseProxy = false })
    {
    }

    public IReadOnlyList<WireCall> Calls
    {
        get
        {
            lock (gate)
            {
                return [.. calls];
            }
        }
    }

    /// <summary>Calls that got no answer at all.</summary>
    public int Failures => Calls.Count(c => c.Failed);

    /// <summary>Calls that found the port closed (nothing reached the gateway).</summary>
    public int Refused => Calls.Count(c => c.Refused);

    /// <summary>The creates (<c>POST /payments</c>) that reached a listening gateway.</summary>
    public IReadOnlyList<WireCall> Creates => Calls.Where(c => c.Method == "POST" && c.Path == "/payments" && !c.Refused).ToList();

    public Task WaitForFailuresAsync(int count) => WaitAsync(w => w.Failures >= count);

    public Task WaitForRefusedAsync(int count) => WaitAsync(w => w.Refused >= count);

    /// <summary>Completes once <paramref name="count"/> long-polls (GET ...?waitSeconds=N) have been sent.</summary>
    public Task WaitForLongPollsAsync(int count = 1) => WaitAsync(w => w.Calls.Count(c => c.WaitSeconds > 0) >= count);

    /// <summary>Waits (bounded) until <paramref name="ready"/> holds, checked on every call sent or ended.</summary>
    public Task WaitAsync(Func<WireRecorder, bool> ready)
    {
        lock (gate)
        {
            if (ready(this))
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((ready, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query);
        var call = new WireCall
        {
            Method = request.Method.Method,
            Port = request.RequestUri.Port,
            Path = request.RequestUri.AbsolutePath,
            PathAndQuery = request.RequestUri.PathAndQuery,
            WaitSeconds = int.TryParse(query["waitSeconds"], out var w) ? w : 0,
            IdempotencyKey = Header(request, "Idempotency-Key"),
            ApiKey = Header(request, "X-Api-Key"),
            TraceParent = Header(request, "traceparent") ?? "",
            Body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false),
            At = clock.Elapsed,
        };
        Signal(() => calls.Add(call));
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            var answer = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            Signal(() => (call.Status, call.Answer) = ((int)response.StatusCode, answer));
            return response;
        }
        catch (HttpRequestException ex)
        {
            Signal(() => (call.Failed, call.Refused) = (true, IsRefused(ex)));
            throw;
        }
    }

    private static string? Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static bool IsRefused(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }

    private void Signal(Action change)
    {
        lock (gate)
        {
            change();
            foreach (var waiter in waiters.Where(x => x.Ready(this)).ToList())
            {
                waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }
}

/// <summary>One request of the client, and what came back.</summary>
internal sealed class WireCall
{
    public required string Method { get; init; }

    /// <summary>The port the call went to: which gateway node, when the client has fallback addresses.</summary>
    public int Port { get; init; }

    public required string Path { get; init; }

    public required string PathAndQuery { get; init; }

    public int WaitSeconds { get; init; }

    public string? IdempotencyKey { get; init; }

    public string? ApiKey { get; init; }

    public required string TraceParent { get; init; }

    public string? Body { get; init; }

    public TimeSpan At { get; init; }

    /// <summary>The HTTP status; null while waiting or when no answer came.</summary>
    public int? Status { get; set; }

    public string? Answer { get; set; }

    public bool Failed { get; set; }

    public bool Refused { get; set; }
}
