using global::KassirClient;

namespace Tests.KassirClient;

/// <summary>The gateway going away: before the payment, in the middle of the wait, and for good.</summary>
public sealed class LocalPayClientResilienceTests
{
    [Fact]
    public async Task Pay_GatewayDownAtStart_FailsSayingNothingWasCreated()
    {
        var gateway = await ScriptedGateway.StartAsync();
        var closedPort = gateway.BaseAddress;
        await gateway.StopAsync();
        using var handler = new FailureCountingHandler();
        using var http = new HttpClient(handler);
        using var client = new LocalPayClient(TestClients.Options(closedPort), http);

        var result = await client.PayAsync(TestClients.Request()).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Failed, result.Outcome);
        Assert.Equal(LocalPayErrorCodes.GatewayUnreachable, result.ErrorCode);
        Assert.Contains("оплата не создана", result.Message);
        Assert.Null(result.PaymentId);
        Assert.Equal(4, handler.Failures);
    }

    [Fact]
    public async Task Pay_GatewayRestartsMidWait_ReturnsTheResultAfterItComesBack()
    {
        await using var gateway = await ScriptedGateway.StartAsync();
        using var handler = new FailureCountingHandler();
        using var http = new HttpClient(handler);
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress), http);
        var pay = client.PayAsync(TestClients.Request());
        var poll = await gateway.WaitForRequestAsync(r => r.WaitSeconds > 0);

        await gateway.StopAsync();
        await handler.WaitForFailuresAsync(5);
        gateway.Settle(poll.Path.Split('/')[2], "paid");
        await gateway.RestartAsync();
        var result = await pay.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.Equal(1, gateway.PaymentCount);
        Assert.Single(gateway.Requests, r => r.Path == "/payments");
    }

    [Fact]
    public async Task Pay_GatewayGoneUntilPastDeadline_ReturnsUnknownNeverFailed()
    {
        var clock = new LeapingTimeProvider(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        await using var gateway = await ScriptedGateway.StartAsync(clock);
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress, o =>
        {
            o.UseTime(clock);
            o.RetryBaseDelay = TimeSpan.FromSeconds(1);
            o.RetryMaxDelay = TimeSpan.FromSeconds(5);
        }));
        QrIssued? printed = null;
        var pay = client.PayAsync(TestClients.Request(), qr => printed = qr);
        await gateway.WaitForRequestAsync(r => r.WaitSeconds > 0);

        await gateway.StopAsync();
        var result = await pay.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Unknown, result.Outcome);
        Assert.False(result.IsPaid);
        Assert.Equal(LocalPayErrorCodes.GatewayUnreachable, result.ErrorCode);
        Assert.Equal(
            $"Результат оплаты неизвестен: нет связи с платёжным шлюзом (платёж {printed!.PaymentId}). "
            + "Проверьте оплату позже, не закрывайте чек повторной оплатой.",
            result.Message);
        Assert.True(clock.GetUtcNow() >= printed.Deadline + TimeSpan.FromSeconds(60));
        Assert.True(clock.GetUtcNow() < printed.Deadline + TimeSpan.FromSeconds(70));
    }

    [Fact]
    public async Task Pay_GatewayDiesWhileCashierCancels_ReturnsUnknown()
    {
        await using var gateway = await ScriptedGateway.StartAsync();
        gateway.OnCancel = CancelMode.Drop;
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress, o => o.CancelTimeout = TimeSpan.FromSeconds(5)));
        using var cashier = new CancellationTokenSource();
        var pay = client.PayAsync(TestClients.Request(), null, cashier.Token);
        await gateway.WaitForRequestAsync(r => r.WaitSeconds > 0);

        await cashier.CancelAsync();
        var result = await pay.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Unknown, result.Outcome);
        Assert.Equal(LocalPayErrorCodes.GatewayUnreachable, result.ErrorCode);
        Assert.Equal(4, gateway.Requests.Count(r => r.Path.EndsWith("/cancel", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Wait_ConnectionDroppedTwice_KeepsWaitingAndReturnsPaid()
    {
        await using var gateway = await ScriptedGateway.StartAsync();
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));
        var payment = await client.CreateAsync(TestClients.Request());
        gateway.DropNextGets = 2;

        var wait = client.WaitAsync(payment.Id);
        await gateway.WaitForRequestAsync(r => r.WaitSeconds > 0 && gateway.DropNextGets == 0);
        gateway.Settle(payment.Id, "paid");
        var result = await wait.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.True(gateway.Requests.Count(r => r.Method == "GET") >= 3);
    }

    [Fact]
    public async Task Pay_CashierCancelsWhileGatewayDown_StopsRetryingAndReturnsCancelled()
    {
        var gateway = await ScriptedGateway.StartAsync();
        var closedPort = gateway.BaseAddress;
        await gateway.StopAsync();
        using var handler = new FailureCountingHandler();
        using var http = new HttpClient(handler);
        using var client = new LocalPayClient(TestClients.Options(closedPort, o =>
        {
            o.RetryBaseDelay = TimeSpan.FromHours(1);
            o.RetryMaxDelay = TimeSpan.FromHours(1);
        }), http);
        using var cashier = new CancellationTokenSource();
        var pay = client.PayAsync(TestClients.Request(), null, cashier.Token);
        await handler.WaitForFailuresAsync(1);

        await cashier.CancelAsync();
        var result = await pay.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Cancelled, result.Outcome);
        Assert.Null(result.PaymentId);
        Assert.Equal(1, handler.Failures);
    }

    [Fact]
    public async Task Pay_CreateAnswerLostThenRefused_ReturnsUnknownNotFailed()
    {
        await using var gateway = await ScriptedGateway.StartAsync();
        gateway.CreateScripts.Enqueue(new CreateScript(CreateScriptKind.DropConnection));
        gateway.CreateScripts.Enqueue(CreateScript.Refuse(503, "not_configured", "Сертификат не открывается"));
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));

        var result = await client.PayAsync(TestClients.Request()).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Unknown, result.Outcome);
        Assert.Equal("not_configured", result.ErrorCode);
        Assert.StartsWith("Результат оплаты неизвестен", result.Message);
    }
}
