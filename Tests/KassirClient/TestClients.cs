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

/// <summary>Counts the calls that got no answer, so a test can wait for the client to knock on a closed port.</summary>
internal sealed class FailureCountingHandler : DelegatingHandler
{
    private readonly Lock gate = new();
    private readonly List<(int Count, TaskCompletionSource Done)> waiters = [];
    private int failures;

    public FailureCountingHandler()
        : base(new SocketsHttpHandler { UseProxy = false })
    {
    }

    public int Failures => Volatile.Read(ref failures);

    public Task WaitForFailuresAsync(int count)
    {
        lock (gate)
        {
            if (failures >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((count, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            lock (gate)
            {
                failures++;
                foreach (var w in waiters.Where(w => w.Count <= failures).ToList())
                {
                    waiters.Remove(w);
                    w.Done.TrySetResult();
                }
            }

            throw;
        }
    }
}
