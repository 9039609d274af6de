using System.Net.Http.Json;
using System.Text.Json;
using global::KassirClient;
using Tests.Support;
using WebMoneyEmulator.Refunds;
using WebMoneyEmulator.Transactions;

namespace Tests.KassirClient;

/// <summary>
/// What the KassirClient tests do often with the one <see cref="GatewayHarness"/>: start it on Kestrel over the test
/// class's emulator and its fake clock, move that clock until the client is done, and act at WebMoney on a payment.
/// </summary>
internal static class KassirGateway
{
    /// <summary>
    /// The real gateway on a Kestrel port, reading the emulator's bundle, on the emulator's fake clock; stopping it
    /// is a crash (open long-polls are cut). <paramref name="configure"/> adds configuration before the start;
    /// <paramref name="port"/> 0 takes a free one.
    /// </summary>
    public static GatewayHarness Start(FakeClockEmulatorFixture emulator, Action<GatewayHarness>? configure = null, int port = 0)
    {
        // One emulator serves a class's tests one after another: nothing a test queued there may reach the next.
        emulator.Host.ClearFaults();
        emulator.Host.RefundsPending = false;

        // The client's own clock is the system's: the gateway's deadlines must not lag behind it.
        var behind = TimeProvider.System.GetUtcNow() - emulator.Time.GetUtcNow();
        if (behind > TimeSpan.Zero)
        {
            emulator.Time.Advance(behind);
        }

        var gateway = new GatewayHarness { CrashOnStop = true }.UseEmulator(emulator).UseTime(emulator.Time);
        configure?.Invoke(gateway);
        return gateway.ListenOn(port);
    }

    /// <summary>Moves the gateway's clock in steps (it polls WebMoney on it) until <paramref name="task"/> ends.</summary>
    public static async Task<T> AdvanceUntilAsync<T>(this GatewayHarness gateway, Task<T> task, int maxSeconds = 150, double stepSeconds = 1)
    {
        var time = gateway.Time ?? throw new InvalidOperationException("The gateway runs on the system clock.");
        for (var passed = 0.0; passed < maxSeconds && !task.IsCompleted; passed += stepSeconds)
        {
            time.Advance(TimeSpan.FromSeconds(stepSeconds));
            await Task.WhenAny(task, Task.Delay(20));
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// Pays with <paramref name="client"/>, moving the gateway's clock only once the QR is handed over (or the pay
    /// ended): moved while the create is at WebMoney, the clock would run out the payment's deadline under load.
    /// </summary>
    public static async Task<PaymentResult> PayAsync(this GatewayHarness gateway, LocalPayClient client, PayRequest request,
        Action<QrIssued>? onQr = null, int maxSeconds = 150)
    {
        var issued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pay = client.PayAsync(request, qr =>
        {
            onQr?.Invoke(qr);
            issued.TrySetResult();
        });
        await Task.WhenAny(issued.Task, pay).WaitAsync(TimeSpan.FromSeconds(30));
        return await gateway.AdvanceUntilAsync(pay, maxSeconds);
    }

    /// <summary>Stops the gateway for good, as a crash would, and removes its data directory.</summary>
    public static async Task CrashForGoodAsync(this GatewayHarness gateway)
    {
        await gateway.StopAsync();
        gateway.Data.Dispose();
    }

    public static string TransactionOf(this GatewayHarness gateway, string paymentId) =>
        gateway.Emulator!.Host.GetTransactions().Single(t => t.ExternalId == paymentId).TransactionId;

    /// <summary>The customer pays in the app.</summary>
    public static void PayAtWebMoney(this GatewayHarness gateway, string paymentId) =>
        gateway.Emulator!.Host.Pay(gateway.TransactionOf(paymentId), out _);

    /// <summary>The payment system declines (WebMoney answers Rejected).</summary>
    public static void DeclineAtWebMoney(this GatewayHarness gateway, string paymentId) =>
        gateway.Emulator!.Host.Decline(gateway.TransactionOf(paymentId), out _);

    /// <summary>The journal as <c>GET /payments</c> lists it, newest first.</summary>
    public static async Task<JsonElement[]> PaymentsAsync(this GatewayHarness gateway)
    {
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        var page = await http.GetFromJsonAsync<JsonElement>("/payments");
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    /// <summary>The payment once it is final (a long-poll, with the gateway's clock moved meanwhile).</summary>
    public static async Task<JsonElement> FinalAsync(this GatewayHarness gateway, string paymentId)
    {
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        while (true)
        {
            var payment = await gateway.AdvanceUntilAsync(http.GetFromJsonAsync<JsonElement>($"/payments/{paymentId}?waitSeconds=60"), maxSeconds: 400);
            if (payment.GetProperty("status").GetString() != "pending")
            {
                return payment;
            }
        }
    }
}

/// <summary>What the emulator a test class shares has seen since this test began.</summary>
internal sealed class EmulatorBaseline(EmulatorFixture emulator)
{
    private readonly IReadOnlyDictionary<string, int> calls = emulator.Host.GetStats();
    private readonly int transactions = emulator.Host.GetTransactions().Count;
    private readonly int refunds = emulator.Host.GetRefunds().Count;

    public int Calls(string operation) => emulator.Host.GetStats().GetValueOrDefault(operation) - calls.GetValueOrDefault(operation);

    public IReadOnlyList<EmulatorTransaction> Transactions() => [.. emulator.Host.GetTransactions().Skip(transactions)];

    public IReadOnlyList<EmulatorRefund> Refunds() => [.. emulator.Host.GetRefunds().Skip(refunds)];
}
