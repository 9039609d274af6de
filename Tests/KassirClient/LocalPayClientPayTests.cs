using global::KassirClient;

namespace Tests.KassirClient;

/// <summary>PayAsync against <see cref="ScriptedGateway"/>: every ending a cashier can meet.</summary>
public sealed class LocalPayClientPayTests : IAsyncLifetime
{
    private ScriptedGateway gateway = null!;

    public async Task InitializeAsync() => gateway = await ScriptedGateway.StartAsync();

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task Pay_CustomerPays_HandsOverQrThenReturnsPaid()
    {
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));
        QrIssued? printed = null;
        var pay = client.PayAsync(TestClients.Request(), qr => printed = qr);
        var poll = await gateway.WaitForRequestAsync(r => r.WaitSeconds > 0);

        gateway.Settle(poll.Path.Split('/')[2], "paid");
        var result = await pay.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.True(result.IsPaid);
        Assert.Equal("Оплачено", result.Message);
        Assert.Null(result.ErrorCode);
        Assert.NotNull(printed);
        Assert.Equal(printed.PaymentId, result.PaymentId);
        Assert.StartsWith("https://qr.nspk.ru/", printed.Payload);
        Assert.Equal("wm-" + result.PaymentId, result.TransactionId);
        Assert.Equal(PaymentSystem.Sbp, result.PaymentSystem);
        Assert.Equal(1234.50m, result.Amount);
        Assert.Equal(25, poll.WaitSeconds);
    }

    [Fact]
    public async Task Pay_WebMoneyDeclines_ReturnsDeclinedWithItsReason()
    {
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));
        var pay = client.PayAsync(
            TestClients.Request(),
            qr => gateway.Settle(qr.PaymentId, "declined", "declined", "Платёж отклонён: Недостаточно средств. Чек не оплачен."));

        var result = await pay.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Declined, result.Outcome);
        Assert.False(result.IsPaid);
        Assert.Equal("Платёж отклонён: Недостаточно средств. Чек не оплачен.", result.Message);
        Assert.Equal("declined", result.ErrorCode);
    }

    [Fact]
    public async Task Pay_DeclinedWithoutReason_SaysDeclinedOnce()
    {
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));

        var result = await client.PayAsync(TestClients.Request(), qr => gateway.Settle(qr.PaymentId, "declined", "declined", ""))
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Declined, result.Outcome);
        Assert.Equal("Платёж отклонён: платёжная система отказала в оплате", result.Message);
    }

    [Fact]
    public async Task Pay_DeadlinePasses_ReturnsTimedOut()
    {
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));
        var pay = client.PayAsync(TestClients.Request(), qr => gateway.Settle(qr.PaymentId, "timedOut", "timeout", "Время ожидания истекло"));

        var result = await pay.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.TimedOut, result.Outcome);
        Assert.Equal("Время ожидания оплаты истекло", result.Message);
        Assert.Equal("timeout", result.ErrorCode);
    }

    [Fact]
    public async Task Pay_WebMoneyStopsAnsweringStatus_ReturnsUnknownNotFailed()
    {
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));
        var pay = client.PayAsync(
            TestClients.Request(),
            qr => gateway.Settle(qr.PaymentId, "failed", "technical_errors", "Нет ответа от WebMoney"));

        var result = await pay.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Unknown, result.Outcome);
        Assert.Equal("technical_errors", result.ErrorCode);
        Assert.Contains("не подтверждён", result.Message);
        Assert.Contains("Не принимайте оплату повторно", result.Message);
    }

    [Fact]
    public async Task Pay_CashierCancels_CancelsAtGatewayAndReturnsCancelled()
    {
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));
        using var cashier = new CancellationTokenSource();
        var pay = client.PayAsync(TestClients.Request(), null, cashier.Token);
        var poll = await gateway.WaitForRequestAsync(r => r.WaitSeconds > 0);

        await cashier.CancelAsync();
        var result = await pay.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Cancelled, result.Outcome);
        Assert.Equal("Оплата отменена", result.Message);
        Assert.Contains(gateway.Requests, r => r.Method == "POST" && r.Path == poll.Path + "/cancel");
    }

    [Fact]
    public async Task Pay_CashierCancelsAfterCustomerPaid_ReturnsPaid()
    {
        gateway.OnCancel = CancelMode.CustomerPaidFirst;
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));
        using var cashier = new CancellationTokenSource();
        var pay = client.PayAsync(TestClients.Request(), null, cashier.Token);
        await gateway.WaitForRequestAsync(r => r.WaitSeconds > 0);

        await cashier.CancelAsync();
        var result = await pay.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.True(result.IsPaid);
        Assert.StartsWith("Оплачено", result.Message);
    }

    [Fact]
    public async Task Pay_TokenCancelledBeforeStart_CreatesNothing()
    {
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));

        var result = await client.PayAsync(TestClients.Request(), null, new CancellationToken(true));

        Assert.Equal(PaymentOutcome.Cancelled, result.Outcome);
        Assert.Null(result.PaymentId);
        Assert.Equal(0, gateway.PaymentCount);
    }

    [Theory]
    [InlineData(CreateScriptKind.CreateThenDrop)]
    [InlineData(CreateScriptKind.DropConnection)]
    [InlineData(CreateScriptKind.ServerError)]
    public async Task Pay_CreateFailsInTransit_RetriesUnderSameKeyAndMakesOnePayment(CreateScriptKind fault)
    {
        gateway.CreateScripts.Enqueue(new CreateScript(fault));
        gateway.CreateScripts.Enqueue(new CreateScript(fault));
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));

        var result = await client.PayAsync(TestClients.Request(), qr => gateway.Settle(qr.PaymentId, "paid"))
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.Equal(1, gateway.PaymentCount);
        var creates = gateway.Requests.Where(r => r.Path == "/payments" && r.Method == "POST").ToList();
        Assert.Equal(3, creates.Count);
        Assert.Single(creates.Select(r => r.IdempotencyKey).Distinct());
        Assert.False(string.IsNullOrEmpty(creates[0].IdempotencyKey));
    }

    [Fact]
    public async Task Pay_TwoAttempts_UseDifferentIdempotencyKeys()
    {
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));

        await client.PayAsync(TestClients.Request(), qr => gateway.Settle(qr.PaymentId, "declined", "declined", "Отказ"));
        await client.PayAsync(TestClients.Request(), qr => gateway.Settle(qr.PaymentId, "paid"));

        var keys = gateway.Requests.Where(r => r.Path == "/payments").Select(r => r.IdempotencyKey).ToList();
        Assert.Equal(2, keys.Distinct().Count());
        Assert.Equal(2, gateway.PaymentCount);
    }

    [Theory]
    [InlineData(422, "payment_type_not_configured", "Вид оплаты с кодом 5 не настроен")]
    [InlineData(409, "terminal_busy", "уже идёт другая оплата")]
    [InlineData(503, "not_configured", "Платёжный шлюз не настроен: нет сертификата")]
    [InlineData(502, "webmoney_rejected", "WebMoney отказал в создании QR-кода: нет сертификата")]
    [InlineData(502, "webmoney_unavailable", "Нет связи с WebMoney")]
    public async Task Pay_GatewayRefusesCreate_ReturnsFailedWithProblemCode(int status, string code, string message)
    {
        gateway.CreateScripts.Enqueue(CreateScript.Refuse(status, code, "нет сертификата"));
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));
        var printed = false;

        var result = await client.PayAsync(TestClients.Request(), _ => printed = true);

        Assert.Equal(PaymentOutcome.Failed, result.Outcome);
        Assert.Equal(code, result.ErrorCode);
        Assert.Contains(message, result.Message);
        Assert.EndsWith("Оплата не создана.", result.Message);
        Assert.False(printed);
        Assert.Single(gateway.Requests);
    }

    [Fact]
    public async Task Pay_WrongApiKey_ReturnsFailedAndSaysToCheckTheKey()
    {
        gateway.RequiredApiKey = "secret";
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress, o => o.ApiKey = "wrong"));

        var result = await client.PayAsync(TestClients.Request());

        Assert.Equal(PaymentOutcome.Failed, result.Outcome);
        Assert.Equal("unauthorized", result.ErrorCode);
        Assert.Contains("ключ API", result.Message);
        Assert.Equal("wrong", gateway.Requests[0].ApiKey);
    }

    [Fact]
    public async Task Pay_QrCallbackThrows_CancelsThePaymentAndSaysWhy()
    {
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));

        var result = await client.PayAsync(TestClients.Request(), _ => throw new InvalidOperationException("Принтер не отвечает"));

        Assert.Equal(PaymentOutcome.Cancelled, result.Outcome);
        Assert.Equal(LocalPayErrorCodes.QrCallbackFailed, result.ErrorCode);
        Assert.Contains("Принтер не отвечает", result.Message);
        Assert.Contains(gateway.Requests, r => r.Path.EndsWith("/cancel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pay_SendsAmountCodeReceiptTerminalAndDescription()
    {
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress, o => o.TerminalId = "kassa-2"));

        await client.PayAsync(TestClients.Request(99.90m, 7), qr => gateway.Settle(qr.PaymentId, "paid"));

        var body = gateway.Requests[0].Body!;
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
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));

        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.PayAsync(TestClients.Request(amount, code)));

        Assert.Empty(gateway.Requests);
    }

    [Fact]
    public async Task Pay_DisposedClient_ThrowsObjectDisposed()
    {
        var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));

        client.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.PayAsync(TestClients.Request()));
    }
}
