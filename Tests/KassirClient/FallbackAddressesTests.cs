using global::KassirClient;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.KassirClient;

/// <summary>
/// <see cref="LocalPayClientOptions.FallbackAddresses"/> (SPEC §14) against real gateways on Kestrel and the real
/// emulator: a first address where nothing listens, a first gateway that answers with an error, and a first node
/// that dies in the middle of a payment. Here the second node is started over the dead node's SQLite journal on another
/// port (what adopting its work amounts to, in process with a fake clock); two real nodes on one PostgreSQL database
/// are <c>Mono.MonoTwoNodesTests</c>.
/// </summary>
public sealed class FallbackAddressesTests(FakeClockEmulatorFixture emulator) : IClassFixture<FakeClockEmulatorFixture>
{
    [Theory]
    [InlineData("sync")]
    [InlineData("async")]
    public async Task Pay_FirstAddressRefusesTheConnection_PaysThroughTheFallbackAndStaysThere(string mode)
    {
        var counts = new EmulatorBaseline(emulator);
        await using var second = KassirGateway.Start(emulator);
        var down = TestClients.ClosedAddress();
        using var pos = new PosClient(down, o => o.FallbackAddresses.Add(second.BaseAddress));

        var result = await second.AdvanceUntilAsync(Pay(pos.Client, mode, second.PayAtWebMoney));

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.Equal(second.TransactionOf(result.PaymentId!), result.TransactionId);
        Assert.Single(counts.Transactions());
        var calls = pos.Wire.Calls;
        Assert.True(calls[0].Refused && calls[0].Port == down.Port, "the first call tries the first address");
        Assert.Single(calls, c => c.Port == down.Port); // sticky: nothing after the switch goes back
        Assert.All(calls.Skip(1), c => Assert.Equal(second.Port, c.Port));
        Assert.Equal(calls[0].IdempotencyKey, pos.Wire.Creates.Single().IdempotencyKey);
    }

    [Fact]
    public async Task Pay_FirstGatewayAnswersWithAnError_IsNotFailedOver()
    {
        await using var first = KassirGateway.Start(emulator);
        await using var second = KassirGateway.Start(emulator);
        using var pos = new PosClient(first.BaseAddress, o => o.FallbackAddresses.Add(second.BaseAddress));

        var result = await pos.Client.PayAsync(TestClients.Request(code: 42));

        Assert.Equal(PaymentOutcome.Failed, result.Outcome);
        Assert.Equal("payment_type_not_configured", result.ErrorCode);
        Assert.All(pos.Wire.Calls, c => Assert.Equal(first.Port, c.Port));
        Assert.Empty(await second.PaymentsAsync());
    }

    [Fact]
    public async Task Pay_FirstNodeDiesMidWait_TheLongPollGoesOnAtTheFallbackAndReturnsPaid()
    {
        var counts = new EmulatorBaseline(emulator);
        var secondPort = TestClients.ClosedAddress().Port;
        await using var first = KassirGateway.Start(emulator);
        using var pos = new PosClient(first.BaseAddress, o => o.FallbackAddresses.Add(new Uri($"http://127.0.0.1:{secondPort}")));
        QrIssued? printed = null;
        var pay = pos.Client.PayAsync(TestClients.Request(), qr => printed = qr);
        await pos.Wire.WaitForLongPollsAsync();

        await first.StopAsync();
        await pos.Wire.WaitForFailuresAsync(2);
        await using var second = SecondNode(first, secondPort);
        second.PayAtWebMoney(printed!.PaymentId);
        var result = await second.AdvanceUntilAsync(pay);

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.Equal(printed.PaymentId, result.PaymentId);
        Assert.Equal(1, counts.Calls(PosApi.CreateQrPayment));
        Assert.Contains(pos.Wire.Calls, c => c.Port == secondPort && c.WaitSeconds > 0 && c.Status == 200);
    }

    [Fact]
    public async Task Pay_FirstNodeDiesAndTheCashierCancels_TheCancelReachesWebMoneyThroughTheFallback()
    {
        var counts = new EmulatorBaseline(emulator);
        var secondPort = TestClients.ClosedAddress().Port;
        await using var first = KassirGateway.Start(emulator);
        using var cashier = new CancellationTokenSource();
        using var pos = new PosClient(first.BaseAddress, o => o.FallbackAddresses.Add(new Uri($"http://127.0.0.1:{secondPort}")));
        var pay = pos.Client.PayAsync(TestClients.Request(), null, cashier.Token);
        await pos.Wire.WaitForLongPollsAsync();

        await first.StopAsync();
        await using var second = SecondNode(first, secondPort);
        await cashier.CancelAsync();
        var result = await second.AdvanceUntilAsync(pay);

        Assert.Equal(PaymentOutcome.Cancelled, result.Outcome);
        Assert.Equal(1, counts.Calls(PosApi.CancelPayment));
        Assert.Contains(pos.Wire.Calls, c => c.Port == secondPort && c.Path.EndsWith("/cancel", StringComparison.Ordinal) && c.Status == 200);
    }

    [Fact]
    public async Task Pay_FirstNodeDiesDuringTheCreate_TheCreateIsReplayedWithTheSameKeyAtTheFallback_OnePayment()
    {
        var counts = new EmulatorBaseline(emulator);
        var secondPort = TestClients.ClosedAddress().Port;
        await using var first = KassirGateway.Start(emulator);
        emulator.Host.AddFault(PosApi.CreateQrPayment, FaultKind.Hang);
        using var pos = new PosClient(first.BaseAddress, o => o.FallbackAddresses.Add(new Uri($"http://127.0.0.1:{secondPort}")));
        var pay = pos.Client.PayAsync(TestClients.Request(), qr => emulator.Host.Pay(emulator.Host.GetTransactions()
            .Single(t => t.ExternalId == qr.PaymentId).TransactionId, out _));
        await WaitUntilAsync(() => emulator.Host.GetFaults().Count == 0);

        await first.StopAsync();
        await pos.Wire.WaitForFailuresAsync(3);
        await using var second = SecondNode(first, secondPort);
        var result = await second.AdvanceUntilAsync(pay);

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.Single(counts.Transactions());
        var creates = pos.Wire.Calls.Where(c => c.Path == "/payments").ToList();
        Assert.Single(creates.Select(c => c.IdempotencyKey).Distinct());
        Assert.Equal(first.Port, creates[0].Port);
        Assert.Equal((secondPort, 200), (creates[^1].Port, creates[^1].Status));
    }

    [Fact]
    public void Options_FallbackAddressesAreCopied_AndMustBeAbsoluteHttp()
    {
        var options = TestClients.Options(new Uri("http://127.0.0.1:5080"));
        options.FallbackAddresses.Add(new Uri("/relative", UriKind.Relative));

        var error = Assert.Throws<ArgumentException>(() => new LocalPayClient(options));

        Assert.Contains("FallbackAddresses", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The pay in the POS's blocking form (on a thread of its own) or its async one; pays when the QR is out.</summary>
    private static Task<PaymentResult> Pay(LocalPayClient client, string mode, Action<string> payAtWebMoney)
    {
        void OnQr(QrIssued qr) => payAtWebMoney(qr.PaymentId);
        return mode == "sync"
            ? Task.Run(() => client.Pay(TestClients.Request(), OnQr))
            : client.PayAsync(TestClients.Request(), OnQr);
    }

    /// <summary>Another node of the store: the dead node's journal, on its own port, the same WebMoney and clock.</summary>
    private GatewayHarness SecondNode(GatewayHarness first, int port) =>
        KassirGateway.Start(emulator, g => g.Config("Gateway:DataDirectory", first.Data.Path), port);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, limit.Token);
        }
    }
}
