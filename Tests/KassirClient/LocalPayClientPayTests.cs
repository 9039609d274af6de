using global::KassirClient;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.KassirClient;

/// <summary>PayAsync against the real gateway and emulator: every ending a cashier can meet.</summary>
public sealed partial class LocalPayClientPayTests(FakeClockEmulatorFixture emulator) : IClassFixture<FakeClockEmulatorFixture>, IAsyncLifetime
{
    private readonly FakeClockEmulatorFixture emulator = emulator;

    private GatewayHarness gateway = null!;

    /// <summary>How a create goes wrong on its way (the theory's cases).</summary>
    public enum CreateFault
    {
        /// <summary>The gateway makes the payment, then the connection is cut: the answer is lost.</summary>
        AnswerLost,

        /// <summary>The connection is cut before the request reaches the gateway.</summary>
        RequestLost,

        /// <summary>A 500 with no problem code comes back instead of the answer (stand-in: the real gateway's errors carry a code).</summary>
        ServerError,
    }

    public Task InitializeAsync()
    {
        gateway = KassirGateway.Start(emulator);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task Pay_CustomerPays_HandsOverQrThenReturnsPaid()
    {
        using var pos = new PosClient(gateway.BaseAddress);
        QrIssued? printed = null;
        var pay = pos.Client.PayAsync(TestClients.Request(), qr => printed = qr);
        await pos.Wire.WaitForLongPollsAsync();
        var poll = pos.Wire.Calls.First(c => c.WaitSeconds > 0);

        gateway.PayAtWebMoney(poll.Path.Split('/')[2]);
        var result = await gateway.AdvanceUntilAsync(pay);

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.True(result.IsPaid);
        Assert.Equal("Оплачено", result.Message);
        Assert.Null(result.ErrorCode);
        Assert.NotNull(printed);
        Assert.Equal(printed.PaymentId, result.PaymentId);
        Assert.StartsWith("https://qr.nspk.ru/", printed.Payload);
        Assert.Equal(gateway.TransactionOf(result.PaymentId!), result.TransactionId);
        Assert.Equal(PaymentSystem.Sbp, result.PaymentSystem);
        Assert.Equal(1234.50m, result.Amount);
        Assert.Equal(25, poll.WaitSeconds);
    }

    [Fact]
    public async Task Pay_WebMoneyDeclines_ReturnsDeclinedWithItsReason()
    {
        using var pos = new PosClient(gateway.BaseAddress);
        var result = await gateway.PayAsync(pos.Client, TestClients.Request(), qr => gateway.DeclineAtWebMoney(qr.PaymentId));

        Assert.Equal(PaymentOutcome.Declined, result.Outcome);
        Assert.False(result.IsPaid);
        Assert.Equal("Платёж отклонён плательщиком. Чек не оплачен.", result.Message);
        Assert.Equal("declined", result.ErrorCode);
    }

    [Fact]
    public async Task Pay_DeclinedWithoutReason_SaysDeclinedOnce()
    {
        // Stand-in: the real gateway always words a decline; an older one may send an empty message.
        var blank = AnswerRewriter.Json(AnswerRewriter.IsStatusRead, p =>
        {
            if (p["status"]?.GetValue<string>() == "declined")
            {
                p["error"]!["message"] = "";
            }
        });
        using var pos = new PosClient(gateway.BaseAddress, inner: blank);

        var result = await gateway.PayAsync(pos.Client, TestClients.Request(), qr => gateway.DeclineAtWebMoney(qr.PaymentId));

        Assert.Equal(PaymentOutcome.Declined, result.Outcome);
        Assert.Equal("Платёж отклонён: платёжная система отказала в оплате", result.Message);
    }

    [Fact]
    public async Task Pay_DeadlinePasses_ReturnsTimedOut()
    {
        using var pos = new PosClient(gateway.BaseAddress);
        var pay = pos.Client.PayAsync(TestClients.Request());
        await pos.Wire.WaitForLongPollsAsync();

        var result = await gateway.AdvanceUntilAsync(pay, maxSeconds: 400, stepSeconds: 10);

        Assert.Equal(PaymentOutcome.TimedOut, result.Outcome);
        Assert.Equal("Время ожидания оплаты истекло", result.Message);
        Assert.Equal("timeout", result.ErrorCode);
    }

    [Fact]
    public async Task Pay_WebMoneyStopsAnsweringStatus_ReturnsUnknownNotFailed()
    {
        using var pos = new PosClient(gateway.BaseAddress);
        emulator.Host.AddFault(PosApi.GetPaymentStatus, FaultKind.Http500, 4); // MaxStatusErrors 3: the 4th fails the payment

        var result = await gateway.PayAsync(pos.Client, TestClients.Request());

        Assert.Equal(PaymentOutcome.Unknown, result.Outcome);
        Assert.Equal("technical_errors", result.ErrorCode);
        Assert.Contains("не подтверждён", result.Message);
        Assert.Contains("Не принимайте оплату повторно", result.Message);
    }

    [Fact]
    public async Task Pay_CashierCancels_CancelsAtGatewayAndReturnsCancelled()
    {
        using var pos = new PosClient(gateway.BaseAddress);
        using var cashier = new CancellationTokenSource();
        var pay = pos.Client.PayAsync(TestClients.Request(), null, cashier.Token);
        await pos.Wire.WaitForLongPollsAsync();
        var poll = pos.Wire.Calls.First(c => c.WaitSeconds > 0);

        await cashier.CancelAsync();
        var result = await pay.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Cancelled, result.Outcome);
        Assert.Equal("Оплата отменена", result.Message);
        Assert.Contains(pos.Wire.Calls, r => r.Method == "POST" && r.Path == poll.Path + "/cancel");
    }

    [Fact]
    public async Task Pay_CashierCancelsAfterCustomerPaid_ReturnsPaid()
    {
        using var pos = new PosClient(gateway.BaseAddress);
        using var cashier = new CancellationTokenSource();
        var pay = pos.Client.PayAsync(TestClients.Request(), qr => gateway.PayAtWebMoney(qr.PaymentId), cashier.Token);
        await pos.Wire.WaitForLongPollsAsync();

        // The gateway's clock stands still: no poll has seen the money, only the cancel's final check does.
        await cashier.CancelAsync();
        var result = await pay.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.True(result.IsPaid);
        Assert.StartsWith("Оплачено", result.Message);
    }

    [Fact]
    public async Task Pay_TokenCancelledBeforeStart_CreatesNothing()
    {
        using var pos = new PosClient(gateway.BaseAddress);

        var result = await pos.Client.PayAsync(TestClients.Request(), null, new CancellationToken(true));

        Assert.Equal(PaymentOutcome.Cancelled, result.Outcome);
        Assert.Null(result.PaymentId);
        Assert.Empty(await gateway.PaymentsAsync());
        Assert.Empty(pos.Wire.Calls);
    }

    [Theory]
    [InlineData(CreateFault.AnswerLost)]
    [InlineData(CreateFault.RequestLost)]
    [InlineData(CreateFault.ServerError)]
    public async Task Pay_CreateFailsInTransit_RetriesUnderSameKeyAndMakesOnePayment(CreateFault fault)
    {
        HttpMessageHandler twice = fault switch
        {
            CreateFault.AnswerLost => new LosingHandler(2),
            CreateFault.RequestLost => new LosingHandler(2, beforeSending: true),
            _ => AnswerRewriter.ServerError(LosingHandler.IsCreate, 2),
        };
        using var pos = new PosClient(gateway.BaseAddress, inner: twice);

        var result = await gateway.PayAsync(pos.Client, TestClients.Request(), qr => gateway.PayAtWebMoney(qr.PaymentId));

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.Single(await gateway.PaymentsAsync());
        var creates = pos.Wire.Creates;
        Assert.Equal(3, creates.Count);
        Assert.Single(creates.Select(r => r.IdempotencyKey).Distinct());
        Assert.False(string.IsNullOrEmpty(creates[0].IdempotencyKey));
    }

    [Fact]
    public async Task Pay_TwoAttempts_UseDifferentIdempotencyKeys()
    {
        using var pos = new PosClient(gateway.BaseAddress);

        await gateway.PayAsync(pos.Client, TestClients.Request(), qr => gateway.DeclineAtWebMoney(qr.PaymentId));
        await gateway.PayAsync(pos.Client, TestClients.Request(), qr => gateway.PayAtWebMoney(qr.PaymentId));

        var keys = pos.Wire.Creates.Select(r => r.IdempotencyKey).ToList();
        Assert.Equal(2, keys.Distinct().Count());
        Assert.Equal(2, (await gateway.PaymentsAsync()).Length);
    }
}
