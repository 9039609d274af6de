using System.Text.Json;
using global::KassirClient;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.KassirClient;

/// <summary>PayAsync against the real gateway and emulator: every ending a cashier can meet.</summary>
public sealed class LocalPayClientPayTests(FakeClockEmulatorFixture emulator) : IClassFixture<FakeClockEmulatorFixture>, IAsyncLifetime
{
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

    [Theory]
    [InlineData(422, "payment_type_not_configured", "Вид оплаты с кодом 42 не настроен", false)]
    [InlineData(409, "terminal_busy", "уже идёт другая оплата", false)]
    [InlineData(503, "not_configured", "Платёжный шлюз не настроен", true)]
    [InlineData(502, "webmoney_rejected", "WebMoney отказал в создании QR-кода", true)]
    [InlineData(502, "webmoney_unavailable", "Нет связи с WebMoney", false)]
    public async Task Pay_GatewayRefusesCreate_ReturnsFailedWithProblemCode(int status, string code, string message, bool withDetail)
    {
        var request = TestClients.Request();
        switch (code)
        {
            case "payment_type_not_configured":
                request = TestClients.Request(code: 42);
                break;
            case "terminal_busy":
                using (var other = new PosClient(gateway.BaseAddress))
                {
                    await other.Client.CreateAsync(TestClients.Request());
                }
                break;
            case "not_configured":
                await gateway.DisposeAsync();
                gateway = KassirGateway.Start(emulator, g => g.UseEmptySettingsDirectory());
                break;
            case "webmoney_rejected":
                emulator.Host.AddFault(PosApi.CreateQrPayment, FaultKind.Refusal);
                break;
            default:
                emulator.Host.AddFault(PosApi.CreateQrPayment, FaultKind.Http500, 4);
                break;
        }
        using var pos = new PosClient(gateway.BaseAddress);
        var printed = false;

        var pay = pos.Client.PayAsync(request, _ => printed = true);
        var result = code == "webmoney_unavailable" // only the create's retries wait on the clock
            ? await gateway.AdvanceUntilAsync(pay)
            : await pay.WaitAsync(TimeSpan.FromSeconds(30));

        var answer = Assert.Single(pos.Wire.Calls);
        Assert.Equal(status, answer.Status);
        var detail = JsonDocument.Parse(answer.Answer!).RootElement.GetProperty("detail").GetString();
        Assert.Equal(PaymentOutcome.Failed, result.Outcome);
        Assert.Equal(code, result.ErrorCode);
        Assert.Contains(withDetail ? message + ": " + detail : message, result.Message);
        Assert.EndsWith("Оплата не создана.", result.Message);
        Assert.False(printed);
    }

    [Fact]
    public async Task Pay_WrongApiKey_ReturnsFailedAndSaysToCheckTheKey()
    {
        await gateway.DisposeAsync();
        gateway = KassirGateway.Start(emulator, g => g.Config("Gateway:ApiKey", "secret"));
        using var pos = new PosClient(gateway.BaseAddress, o => o.ApiKey = "wrong");

        var result = await pos.Client.PayAsync(TestClients.Request());

        Assert.Equal(PaymentOutcome.Failed, result.Outcome);
        Assert.Equal("unauthorized", result.ErrorCode);
        Assert.Contains("ключ API", result.Message);
        Assert.Equal("wrong", pos.Wire.Calls[0].ApiKey);
    }

    [Fact]
    public async Task Pay_QrCallbackThrows_CancelsThePaymentAndSaysWhy()
    {
        using var pos = new PosClient(gateway.BaseAddress);

        var result = await pos.Client.PayAsync(TestClients.Request(), _ => throw new InvalidOperationException("Принтер не отвечает"));

        Assert.Equal(PaymentOutcome.Cancelled, result.Outcome);
        Assert.Equal(LocalPayErrorCodes.QrCallbackFailed, result.ErrorCode);
        Assert.Contains("Принтер не отвечает", result.Message);
        Assert.Contains(pos.Wire.Calls, r => r.Path.EndsWith("/cancel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pay_SendsAmountCodeReceiptTerminalAndDescription()
    {
        using var pos = new PosClient(gateway.BaseAddress, o => o.TerminalId = "kassa-2");

        await gateway.PayAsync(pos.Client, TestClients.Request(99.90m, 7), qr => gateway.PayAtWebMoney(qr.PaymentId));

        var body = pos.Wire.Calls[0].Body!;
        Assert.Contains("\"amount\":99.90", body);
        Assert.Contains("\"paymentTypeCode\":7", body);
        Assert.Contains("\"receiptId\":\"000123\"", body);
        Assert.Contains("\"terminalId\":\"kassa-2\"", body);
        Assert.Contains("\"description\":", body);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(-1, 5)]
    [InlineData(10.005, 5)]
    [InlineData(10, 0)]
    public async Task Pay_InvalidRequest_ThrowsArgumentExceptionAndSendsNothing(decimal amount, int code)
    {
        using var pos = new PosClient(gateway.BaseAddress);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => pos.Client.PayAsync(TestClients.Request(amount, code)));

        Assert.Empty(pos.Wire.Calls);
    }

    [Fact]
    public async Task Pay_DisposedClient_ThrowsObjectDisposed()
    {
        var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));

        client.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.PayAsync(TestClients.Request()));
    }
}
