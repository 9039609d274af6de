using global::KassirClient;

namespace Tests.KassirClient;

/// <summary>Clients with quick retries, so failure paths take milliseconds of real time.</summary>
internal static class TestClients
{
    public static LocalPayClientOptions Options(Uri baseAddress, Action<LocalPayClientOptions>? tune = null)
    {
        var options = new LocalPayClientOptions
        {
            BaseAddress = baseAddress,
            TerminalId = "1",
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        };
        tune?.Invoke(options);
        return options;
    }

    public static PayRequest Request(decimal amount = 1234.50m, int code = 5) =>
        new() { Amount = amount, PaymentTypeCode = code, ReceiptId = "000123", Description = "Чек 000123" };
}

/// <summary>
/// Watches the client's calls from its side of the wire: counts those that got no answer (so a test can wait
/// for the client to knock on a closed port) and signals when a long-poll goes out.
/// </summary>
internal sealed class FailureCountingHandler : DelegatingHandler
{
    private readonly Lock gate = new();
    private readonly List<(Func<int, int, bool> Ready, TaskCompletionSource Done)> waiters = [];
    private int failures;
    private int longPolls;

    public FailureCountingHandler(HttpMessageHandler? inner = null)
        : base(inner ?? new SocketsHttpHandler { UseProxy = false })
    {
    }

    public int Failures => Volatile.Read(ref failures);

    public Task WaitForFailuresAsync(int count) => WaitAsync((f, _) => f >= count);

    /// <summary>Completes once <paramref name="count"/> long-polls (GET ...?waitSeconds=N) have been sent.</summary>
    public Task WaitForLongPollsAsync(int count = 1) => WaitAsync((_, l) => l >= count);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri!.Query.Contains("waitSeconds=", StringComparison.Ordinal))
        {
            Signal(ref longPolls);
        }

        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            Signal(ref failures);
            throw;
        }
    }

    private Task WaitAsync(Func<int, int, bool> ready)
    {
        lock (gate)
        {
            if (ready(failures, longPolls))
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((ready, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    private void Signal(ref int counter)
    {
        lock (gate)
        {
            counter++;
            foreach (var w in waiters.Where(w => w.Ready(failures, longPolls)).ToList())
            {
                waiters.Remove(w);
                w.Done.TrySetResult();
            }
        }
    }
}
