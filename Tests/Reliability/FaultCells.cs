using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Payments;
using Gateway.Settings;
using Gateway.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.Reliability;

/// <summary>
/// Runs one cell of the P1 fault matrix (docs/reliability.md): the whole gateway (in memory) against the real
/// emulator, one fault kind injected at one moment of a payment, and the outcome the cashier and WebMoney see.
/// Moments: <c>create</c> (CreateQrPayment), <c>polling</c> (GetPaymentStatus while pending), <c>cancel</c>
/// (CancelPayment of the cashier's cancel), <c>finalCheck</c> (GetPaymentStatus right after that cancel), <c>refund</c>
/// (RefundPayment of a refund of the paid payment: it must end succeeded, made once at WebMoney).
/// </summary>
internal static class FaultCells
{
    public const int TimeoutSeconds = 4;
    public const double RecheckFirstSeconds = 1;
    private static readonly TimeSpan FinalWithin = TimeSpan.FromSeconds(30);

    public static GatewayHarness Gateway(EmulatorFixture emulator, PaymentEvents events, double pollSeconds = 0.05,
        int timeoutSeconds = TimeoutSeconds) =>
        new GatewayHarness().UseEmulatorSettings(emulator, timeoutSeconds, maxStatusErrors: 3).PollEvery(pollSeconds).RecheckFirstAfter(RecheckFirstSeconds)
            // These tests load the gateway on purpose; the flood limiter has its own tests (Tests/Security).
            .WithoutFloodLimits()
            .Config("Security:ConcurrentRequests", "10000").Config("Security:QueueLength", "10000")
            .WithServices(s => s.AddSingleton<IPaymentObserver>(events));

    public static string Name(PaymentStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    public static async Task RunAsync(EmulatorFixture emulator, string moment, string kind, int faults, bool customerPays,
        int expectedHttp, string expectedStatus, string? expectedCode, bool expectedLatePaid, string expectedAtWebMoney,
        bool expectedUnresolved, string expectedKassir)
    {
        var host = emulator.Host;
        host.ClearFaults();
        var events = new PaymentEvents();
        // Before the cashier's cancel no regular poll may run, or it would take the fault meant for the final check.
        var quiet = moment is "cancel" or "finalCheck";
        using var gateway = Gateway(emulator, events, pollSeconds: quiet ? 60 : 0.05);
        var http = gateway.CreateClient();
        var fault = Enum.Parse<FaultKind>(kind, ignoreCase: true);

        if (moment == "create")
        {
            host.AddFault(PosApi.CreateQrPayment, fault, faults);
        }
        var response = await http.PostAsJsonAsync("/payments", new { amount = 100.50m, paymentTypeCode = 5, terminalId = "FM-" + moment });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expectedHttp, (int)response.StatusCode);
        var id = body.TryGetProperty("id", out var created) ? created.GetString()! : body.GetProperty("paymentId").GetString()!;
        var transactionId = (await emulator.TransactionOfAsync(id))?.GetProperty("transactionId").GetString();

        switch (moment)
        {
            case "create" when customerPays:
                host.Pay(transactionId!, out _);
                break;
            case "polling":
                host.AddFault(PosApi.GetPaymentStatus, fault, faults);
                // The first faulted poll has begun; the rest of the streak follows poll after poll.
                Assert.True(await Eventually.TrueAsync(() => Task.FromResult(Remaining(host) < faults), TimeSpan.FromSeconds(10), 5));
                // A refusal ends the payment at once: only the other kinds leave it pending after one fault.
                if (faults == 1 && fault is not (FaultKind.Hang or FaultKind.Refusal))
                {
                    Assert.True(await Eventually.TrueAsync(() => Task.FromResult(Remaining(host) == 0), TimeSpan.FromSeconds(10)));
                    Assert.Equal("pending", (await http.GetFromJsonAsync<JsonElement>($"/payments/{id}")).GetProperty("status").GetString());
                }
                if (customerPays)
                {
                    host.Pay(transactionId!, out _);
                }
                break;
            case "refund":
                // A paid payment, then RefundPayment hit by the fault: the re-send with the same RefundId settles it.
                host.Pay(transactionId!, out _);
                await events.WaitForAsync(p => p.Id == id && p.Status == PaymentStatus.Paid, FinalWithin);
                host.AddFault(PosApi.RefundPayment, fault, faults);
                var (refundStatus, refund) = await http.RefundAsync(id, new { amount = 50m });
                Assert.Equal(System.Net.HttpStatusCode.Created, refundStatus);
                Assert.Equal("succeeded", refund.GetProperty("status").GetString());
                Assert.Equal(1, emulator.RefundsAtWebMoney(refund.GetProperty("id").GetString()!));
                Assert.Equal(50m, (await http.GetPaymentAsync(id)).GetProperty("refundedAmount").GetDecimal());
                break;
            case "cancel" or "finalCheck":
                if (customerPays)
                {
                    host.Pay(transactionId!, out _);
                }
                host.AddFault(moment == "cancel" ? PosApi.CancelPayment : PosApi.GetPaymentStatus, fault, faults);
                var cancel = await http.PostAsync($"/payments/{id}/cancel", null);
                Assert.Equal(200, (int)cancel.StatusCode);
                break;
        }

        var final = await events.WaitForAsync(p => p.Id == id && p.IsFinal, FinalWithin);
        Assert.Equal(expectedStatus, Name(final.Status));
        Assert.Equal(expectedCode, final.Error?.Code);
        Assert.Equal(expectedUnresolved, final.Unresolved);
        if (expectedLatePaid)
        {
            var late = await events.WaitForAsync(p => p.Id == id && p.LatePaid, FinalWithin);
            Assert.Equal(final.Status, late.Status);
        }
        if (expectedAtWebMoney == "none")
        {
            Assert.Null(await emulator.TransactionOfAsync(id));
        }
        else
        {
            // An uncertain ending is cancelled at WebMoney by the background recheck (first after RecheckFirstSeconds).
            Assert.True(await Eventually.TrueAsync(async () => await StatusAtWebMoney(emulator, id) == expectedAtWebMoney, FinalWithin),
                $"WebMoney status {await StatusAtWebMoney(emulator, id)}, expected {expectedAtWebMoney}");
        }
        // P1: paid at WebMoney is never left as a failure: the payment is paid, or flagged latePaid.
        if (await StatusAtWebMoney(emulator, id) == WireStatus.Paid)
        {
            var last = await http.GetFromJsonAsync<JsonElement>($"/payments/{id}");
            Assert.True(last.GetProperty("status").GetString() == "paid" || last.GetProperty("latePaid").GetBoolean(), last.ToString());
        }
        else
        {
            Assert.DoesNotContain(events.Seen, p => p.Id == id && p.LatePaid);
        }
        // Every ending is resolved once the faults are gone; then the POS side reads it as the cashier would.
        Assert.True(await Eventually.TrueAsync(async () =>
            !(await http.GetFromJsonAsync<JsonElement>($"/payments/{id}")).GetProperty("unresolved").GetBoolean(), FinalWithin));
        using var kassir = new global::KassirClient.LocalPayClient(
            new global::KassirClient.LocalPayClientOptions { BaseAddress = http.BaseAddress!, TerminalId = "FM-" + moment }, http);
        var reported = await kassir.WaitAsync(id);
        Assert.Equal(expectedKassir, reported.Outcome.ToString());
        host.ClearFaults();
    }

    private static int Remaining(global::WebMoneyEmulator.EmulatorHost host) => host.GetFaults().Sum(f => f.Remaining);

    public static async Task<string?> StatusAtWebMoney(EmulatorFixture emulator, string id) =>
        (await emulator.TransactionOfAsync(id))?.GetProperty("status").GetString();
}
