using System.Net.Sockets;
using global::KassirClient;
using Microsoft.Extensions.Time.Testing;

namespace Tests.KassirClient;

/// <summary>
/// The gateway restarting while a create is on the wire: the payment may exist (a restarted gateway resumes
/// the create and shows its QR), so the client must keep asking for it under the same key, and a cashier who
/// gives up meanwhile must get it cancelled rather than left payable without an id.
/// </summary>
public sealed class LocalPayClientCreateRestartTests : IAsyncLifetime
{
    // The scripted gateway stamps deadlines on the real clock: the client's fake one starts there too.
    private static readonly DateTimeOffset Start = TimeProvider.System.GetUtcNow();

    private ScriptedGateway gateway = null!;

    public async Task InitializeAsync() => gateway = await ScriptedGateway.StartAsync();

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task Pay_GatewayRestartsDuringCreate_KeepsReplayingTheKeyAndReturnsThePayment()
    {
        var clock = new FakeTimeProvider(Start);
        gateway.CreateScripts.Enqueue(new CreateScript(CreateScriptKind.CreateThenDrop));
        using var outage = new RestartingGatewayHandler(clock, TimeSpan.FromSeconds(5));
        using var http = new HttpClient(outage);
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress, o =>
        {
            o.UseTime(clock);
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(500);
            o.RetryMaxDelay = TimeSpan.FromSeconds(5);
        }), http);
        QrIssued? printed = null;

        var pay = client.PayAsync(TestClients.Request(), qr =>
        {
            printed = qr;
            gateway.Settle(qr.PaymentId, "paid");
        });
        var result = await AdvanceUntilAsync(clock, pay, TimeSpan.FromSeconds(30));

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.NotNull(printed);
        Assert.Equal(printed.PaymentId, result.PaymentId);
        Assert.Equal(1, gateway.PaymentCount);
        var creates = gateway.Requests.Where(r => r.Method == "POST" && r.Path == "/payments").ToList();
        Assert.Equal(2, creates.Count);
        Assert.True(outage.Refused >= 3, $"{outage.Refused} refused attempts: the gateway was back too soon for this test");
        Assert.True(creates.Count + outage.Refused > 4, "the client should retry past MaxRetries (3) while the payment may exist");
        Assert.Single(creates.Select(r => r.IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task Pay_CreateAnswerLostUntilCreateTimeout_ReturnsUnknownAfterReplayingTheWholeTime()
    {
        var clock = new LeapingTimeProvider(Start);
        for (var i = 0; i < 60; i++)
        {
            gateway.CreateScripts.Enqueue(new CreateScript(CreateScriptKind.CreateThenDrop));
        }

        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress, o =>
        {
            o.UseTime(clock);
            o.CreateTimeout = TimeSpan.FromSeconds(40);
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(500);
            o.RetryMaxDelay = TimeSpan.FromSeconds(5);
        }));

        var result = await client.PayAsync(TestClients.Request()).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Unknown, result.Outcome);
        Assert.Equal(LocalPayErrorCodes.GatewayUnreachable, result.ErrorCode);
        Assert.Contains("Результат оплаты неизвестен", result.Message);
        Assert.Equal(1, gateway.PaymentCount);
        Assert.InRange(clock.GetUtcNow() - Start, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(41));
        var creates = gateway.Requests.Where(r => r.Method == "POST" && r.Path == "/payments").ToList();
        Assert.True(creates.Count > 4, $"{creates.Count} creates: the client gave up within MaxRetries");
        Assert.Single(creates.Select(r => r.IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task Pay_CashierCancelsWhileCreateRetries_ReplaysTheKeyAndCancelsThePayment()
    {
        var clock = new FakeTimeProvider(Start);
        gateway.CreateScripts.Enqueue(new CreateScript(CreateScriptKind.CreateThenDrop));
        using var wire = new FailureCountingHandler();
        using var http = new HttpClient(wire);
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress, o => o.UseTime(clock)), http);
        using var cashier = new CancellationTokenSource();
        var pay = client.PayAsync(TestClients.Request(), null, cashier.Token);
        await wire.WaitForFailuresAsync(1);

        await cashier.CancelAsync();
        var result = await pay.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Cancelled, result.Outcome);
        Assert.Equal("pay-1", result.PaymentId);
        Assert.Contains(gateway.Requests, r => r.Method == "POST" && r.Path == "/payments/pay-1/cancel");
        var creates = gateway.Requests.Where(r => r.Method == "POST" && r.Path == "/payments").ToList();
        Assert.Equal(2, creates.Count);
        Assert.Single(creates.Select(r => r.IdempotencyKey).Distinct());
        Assert.Equal(1, gateway.PaymentCount);
    }

    /// <summary>Moves the fake clock in half-second steps, giving the client a moment of real time after each.</summary>
    private static async Task<T> AdvanceUntilAsync<T>(FakeTimeProvider clock, Task<T> task, TimeSpan max)
    {
        for (var passed = TimeSpan.Zero; passed < max && !task.IsCompleted; passed += TimeSpan.FromMilliseconds(500))
        {
            clock.Advance(TimeSpan.FromMilliseconds(500));
            await Task.WhenAny(task, Task.Delay(20));
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}

/// <summary>
/// The gateway process dying with the first create on the wire (the connection is cut) and coming back after
/// <c>downFor</c> of fake time: meanwhile every connection is refused, as a closed port refuses it.
/// </summary>
internal sealed class RestartingGatewayHandler(TimeProvider clock, TimeSpan downFor)
    : DelegatingHandler(new SocketsHttpHandler { UseProxy = false })
{
    private DateTimeOffset? backAt;
    private int refused;

    public int Refused => Volatile.Read(ref refused);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (backAt is { } back && clock.GetUtcNow() < back)
        {
            Interlocked.Increment(ref refused);
            throw new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused));
        }

        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException) when (backAt is null)
        {
            backAt = clock.GetUtcNow() + downFor;
            throw;
        }
    }
}
