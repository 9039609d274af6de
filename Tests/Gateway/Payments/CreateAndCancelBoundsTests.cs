using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Journal;
using Gateway.Payments;
using Gateway.Settings;
using Gateway.Storage;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.Gateway.Payments;

/// <summary>
/// What the POS waits for is bounded, against the real emulator: the create by Gateway:CreateTimeoutSeconds, the
/// cashier's cancel by Gateway:CancelTimeoutSeconds; a replay answers its payment before any other check; a
/// cashier's cancel that ends a payment is announced.
/// </summary>
public sealed class CreateAndCancelBoundsTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Create_WebMoneyHangs_GivesUpAtCreateTimeout_LongBeforeThePos()
    {
        emulator.Host.ClearFaults();
        // MaxStatusErrors 10 and a 180 s deadline: without the create bound the loop would outlast KassirClient's 90 s.
        using var gateway = new GatewayHarness().UseEmulatorSettings(emulator, maxStatusErrors: 10).RecheckFirstAfter(600).Config("Gateway:CreateTimeoutSeconds", "3");
        var http = gateway.CreateClient();
        emulator.Host.AddFault(PosApi.CreateQrPayment, FaultKind.Hang, 20);
        var started = TimeProvider.System.GetTimestamp();

        var response = await http.PostAsJsonAsync("/payments", new { amount = 5m, paymentTypeCode = 5, terminalId = "CB-create" });
        var took = TimeProvider.System.GetElapsedTime(started);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        emulator.Host.ClearFaults();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("webmoney_unavailable", body.GetProperty("code").GetString());
        Assert.True(took < TimeSpan.FromSeconds(20), $"the create took {took}");
        var payment = await http.GetFromJsonAsync<JsonElement>($"/payments/{body.GetProperty("paymentId").GetString()}");
        Assert.Equal(JsonValueKind.Null, payment.GetProperty("qr").ValueKind);
    }

    [Fact]
    public async Task Cancel_WebMoneyHangs_AnswersWithinCancelTimeout_Unresolved()
    {
        emulator.Host.ClearFaults();
        using var gateway = new GatewayHarness().UseEmulatorSettings(emulator).RecheckFirstAfter(600).PollEvery(60).Config("Gateway:CancelTimeoutSeconds", "2");
        var http = gateway.CreateClient();
        var (id, _) = await http.CreatePaymentAsync("CB-cancel");
        emulator.Host.AddFault(PosApi.CancelPayment, FaultKind.Hang, 1);
        emulator.Host.AddFault(PosApi.GetPaymentStatus, FaultKind.Hang, 1);
        var started = TimeProvider.System.GetTimestamp();

        var cancelled = await http.CancelPaymentAsync(id);
        var took = TimeProvider.System.GetElapsedTime(started);
        emulator.Host.ClearFaults();

        Assert.True(took < TimeSpan.FromSeconds(8), $"the cancel took {took}");
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.True(cancelled.GetProperty("unresolved").GetBoolean());
    }

    [Fact]
    public async Task Cancel_WhileAStatusPollHangs_CancelPaymentGoesOutAtOnce_PaidMeanwhileStaysPaid()
    {
        emulator.Host.ClearFaults();
        // A 60 s deadline: the hanging poll would hold the payment for its whole 10 s call timeout.
        using var gateway = new GatewayHarness().UseEmulatorSettings(emulator, timeoutSeconds: 60).RecheckFirstAfter(600);
        var http = gateway.CreateClient();
        var (id, transactionId) = await http.CreatePaymentAsync("CB-behind-poll");
        emulator.Host.AddFault(PosApi.GetPaymentStatus, FaultKind.Hang, 1);
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(emulator.Host.GetFaults().Count == 0), TimeSpan.FromSeconds(10)), "a poll took the hang");
        emulator.Host.Pay(transactionId, out _);
        var cancelsBefore = emulator.Host.GetStats()[PosApi.CancelPayment];
        var started = TimeProvider.System.GetTimestamp();

        var cancelling = http.PostAsync($"/payments/{id}/cancel", null);
        var sent = await Eventually.TrueAsync(() => Task.FromResult(emulator.Host.GetStats()[PosApi.CancelPayment] > cancelsBefore), TimeSpan.FromSeconds(8), 10);
        var took = TimeProvider.System.GetElapsedTime(started);
        var answer = await (await cancelling).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(sent, "no CancelPayment reached WebMoney");
        // SPEC §4 says within a second; the margin is for a loaded test machine (the hanging poll alone held it 10 s).
        Assert.True(took < TimeSpan.FromSeconds(2), $"CancelPayment went out {took} after the cashier's cancel");
        Assert.Equal("paid", answer.GetProperty("status").GetString());
        Assert.Equal(WireStatus.Paid, await emulator.StatusAtWebMoneyAsync(id));
    }

    [Fact]
    public async Task Cancel_WhileAStatusPollHangs_NotPaid_CancelledAndConfirmed()
    {
        emulator.Host.ClearFaults();
        using var gateway = new GatewayHarness().UseEmulatorSettings(emulator, timeoutSeconds: 60).RecheckFirstAfter(600);
        var http = gateway.CreateClient();
        var (id, _) = await http.CreatePaymentAsync("CB-behind-poll-2");
        emulator.Host.AddFault(PosApi.GetPaymentStatus, FaultKind.Hang, 1);
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(emulator.Host.GetFaults().Count == 0), TimeSpan.FromSeconds(10)), "a poll took the hang");
        var started = TimeProvider.System.GetTimestamp();

        var cancelled = await http.CancelPaymentAsync(id);
        var took = TimeProvider.System.GetElapsedTime(started);

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.False(cancelled.GetProperty("unresolved").GetBoolean());
        Assert.True(took < TimeSpan.FromSeconds(5), $"the cancel took {took}");
        Assert.Equal(WireStatus.Cancelled, await emulator.StatusAtWebMoneyAsync(id));
    }

    [Fact]
    public async Task Replay_AfterTheMappingWentAway_AnswersTheOriginalPayment()
    {
        emulator.Host.ClearFaults();
        using var gateway = new GatewayHarness().UseEmulatorSettings(emulator).RecheckFirstAfter(600);
        var http = gateway.CreateClient();
        HttpRequestMessage Post()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/payments") { Content = JsonContent.Create(new { amount = 9m, paymentTypeCode = 5, terminalId = "CB-replay" }) };
            request.Headers.Add("Idempotency-Key", "cb-replay-" + Guid.NewGuid().ToString("N"));
            return request;
        }
        var first = Post();
        var key = first.Headers.GetValues("Idempotency-Key").Single();
        var created = await http.SendAsync(first);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        gateway.Switchable!.Current = gateway.Switchable!.Current with { PaymentTypes = new PaymentTypeMap(new Dictionary<PaymentSystem, int>()) };

        var replay = Post();
        replay.Headers.Remove("Idempotency-Key");
        replay.Headers.Add("Idempotency-Key", key);
        var replayed = await http.SendAsync(replay);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(id, (await replayed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task CashierCancel_OfAResumedCreate_WebMoneyRefusesIt_TheEndingIsAnnounced()
    {
        emulator.Host.ClearFaults();
        using var data = new TempDirectory("cb-resumed");
        // A payment caught between "create sent" and "QR stored" by a crash: pending, no QR.
        var now = TimeProvider.System.GetUtcNow();
        using (var journal = new PaymentJournal(data.File(JournalSetup.FileName)))
        {
            var payment = new Payment
            {
                Id = Guid.NewGuid().ToString("N"), Status = PaymentStatus.Pending, TerminalId = "CB-resumed", Amount = 3m,
                PaymentSystem = PaymentSystem.Sbp, CreatedAt = now, Deadline = now.AddMinutes(3), Version = 1,
            };
            Assert.IsType<CreateResult.Created>(await journal.TryBeginCreateAsync(
                new JournalEntry(payment, new LifecycleState { MaxStatusErrors = 3 }), null, "h", CancellationToken.None));
        }
        // Polls (and so the resumed create) come a minute later: the cashier's cancel comes first.
        using var gateway = new GatewayHarness().UseEmulatorSettings(emulator).RecheckFirstAfter(600).PollEvery(60).Config("Gateway:DataDirectory", data.Path).Observe(out var events);
        var http = gateway.CreateClient();
        var id = (await http.GetFromJsonAsync<JsonElement>("/payments?terminalId=CB-resumed")).GetProperty("items")[0].GetProperty("id").GetString()!;
        emulator.Host.AddFault(PosApi.CreateQrPayment, FaultKind.Refusal, 1);

        var result = await http.CancelPaymentAsync(id);
        var announced = await events.FinalAsync(id, seconds: 10);

        Assert.NotEqual("pending", result.GetProperty("status").GetString());
        Assert.Equal(result.GetProperty("status").GetString(), global::Tests.Reliability.FaultCells.Name(announced.Status));
    }
}
