using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Transactions;

namespace Tests.Reliability;

/// <summary>
/// The store server of SPEC §14 seen from outside: two real gateway processes (node A = 0, node B = 1) on one
/// PostgreSQL database, against the in-process emulator, driven only over HTTP and the emulator's side. Any node
/// answers for any payment; idempotency, terminal_busy and the refund limit hold across them; a payment is polled
/// by one node only; the cashier's cancel through the other node reaches WebMoney in time, owner alive or dead.
/// The two processes are started once for the class (<see cref="TwoNodesFixture"/>); each test uses terminals of
/// its own and leaves no payment pending.
/// </summary>
public sealed partial class TwoNodesTests(TwoNodesFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<TwoNodesFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly EmulatorFixture _emulator = fixture.Emulator;
    private readonly GatewayNodes _nodes = fixture.Nodes;

    /// <summary>Node A on its current address (a restart takes a new port).</summary>
    private HttpClient A => _nodes.Client(0);

    private HttpClient B => _nodes.Client(1);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Cancels what a test left pending, so its polls do not load the next test's measurements.</summary>
    public async Task DisposeAsync()
    {
        var b = B;
        var pending = await b.GetFromJsonAsync<JsonElement>("/payments?status=pending&limit=200");
        foreach (var payment in pending.GetProperty("items").EnumerateArray())
        {
            await b.PostAsync($"/payments/{payment.GetProperty("id").GetString()}/cancel", null);
        }
    }

    [Fact]
    public async Task PaymentCreatedOnA_ReadLongPolledAndRefundedThroughB()
    {
        var (id, transactionId) = await A.CreatePaymentAsync("2n-read", 150m);
        var b = B;

        var read = await b.GetPaymentAsync(id);
        var longPoll = b.GetFromJsonAsync<JsonElement>($"/payments/{id}?waitSeconds=30");
        var waited = await Task.WhenAny(longPoll, Task.Delay(TimeSpan.FromMilliseconds(500)));
        var paidAt = Stopwatch.GetTimestamp();
        await _emulator.ActAsync(transactionId, "pay");
        var answered = await longPoll.WaitAsync(Within);
        var answeredAfter = Stopwatch.GetElapsedTime(paidAt);
        var (refundStatus, refund) = await b.RefundAsync(id, new { amount = 40m }, "2n-read-refund");
        var refundEnd = await b.WaitRefundFinalAsync(refund.GetProperty("id").GetString()!);
        var onA = await A.GetPaymentAsync(id);

        Assert.Equal("pending", read.GetProperty("status").GetString());
        Assert.Equal(150m, read.GetProperty("amount").GetDecimal());
        Assert.NotSame(longPoll, waited); // B's long-poll waited while the payment was pending
        Assert.Equal("paid", answered.GetProperty("status").GetString());
        Assert.True(answeredAfter < TimeSpan.FromSeconds(10), $"B's long-poll answered {answeredAfter} after the customer paid");
        Assert.Equal(HttpStatusCode.Created, refundStatus);
        Assert.Equal("succeeded", refundEnd.GetProperty("status").GetString());
        Assert.Equal(40m, onA.GetProperty("refundedAmount").GetDecimal());
        Assert.Equal(110m, onA.GetProperty("refundableAmount").GetDecimal());
    }

    [Fact]
    public async Task SameIdempotencyKeyOnAThenB_OnePayment_AnotherBodyOnB_KeyReused()
    {
        var creates = await _emulator.StatsAsync(PosApi.CreateQrPayment);
        var body = new { amount = 210m, paymentSystem = "sbp", terminalId = "2n-idem" };

        var (firstStatus, first) = await PostPaymentAsync(A, body, "2n-idem-key");
        var (replayStatus, replay) = await PostPaymentAsync(B, body, "2n-idem-key");
        var (otherStatus, other) = await PostPaymentAsync(B, body with { amount = 211m }, "2n-idem-key");

        var id = first.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Created, firstStatus);
        Assert.Equal(HttpStatusCode.OK, replayStatus);
        Assert.Equal(id, replay.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Conflict, otherStatus);
        Assert.Equal("idempotency_key_reused", other.GetProperty("code").GetString());
        Assert.Single(_emulator.Host.GetTransactions(), t => t.ExternalId == id);
        Assert.Equal(creates + 1, await _emulator.StatsAsync(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task PendingPaymentOnA_CreateForSameTerminalOnB_TerminalBusy()
    {
        var (id, _) = await A.CreatePaymentAsync("2n-busy");
        var creates = await _emulator.StatsAsync(PosApi.CreateQrPayment);

        var (status, problem) = await PostPaymentAsync(B, new { amount = 50m, paymentSystem = "sbp", terminalId = "2n-busy" });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("terminal_busy", problem.GetProperty("code").GetString());
        Assert.Equal(id, problem.GetProperty("paymentId").GetString());
        Assert.Equal(creates, await _emulator.StatsAsync(PosApi.CreateQrPayment));
        Assert.Equal("pending", (await B.GetPaymentAsync(id)).GetProperty("status").GetString());
    }

    /// <summary>POST /payments with this body and, when given, an Idempotency-Key: the status and the answer.</summary>
    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostPaymentAsync(HttpClient http, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/payments") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>The emulator's transaction (WebMoney's side) of this id, read in process.</summary>
    private EmulatorTransaction Transaction(string transactionId) =>
        _emulator.Host.GetTransactions().Single(t => t.TransactionId == transactionId);
}

/// <summary>
/// One emulator, one database and two gateway nodes started once for <see cref="TwoNodesTests"/> (each process start
/// costs seconds); a test that kills a node starts it again before it ends.
/// </summary>
public sealed class TwoNodesFixture : IAsyncLifetime
{
    public EmulatorFixture Emulator { get; } = new();

    public PostgresDatabase Database { get; } = new();

    public GatewayNodes Nodes { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Emulator.InitializeAsync();
        await Database.InitializeAsync();
        Nodes = new GatewayNodes(Emulator, Database.ConnectionString);
        await Nodes.StartAsync(2);
    }

    public async Task DisposeAsync()
    {
        Nodes?.Dispose();
        await Database.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
