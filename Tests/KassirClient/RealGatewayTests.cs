using global::KassirClient;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.KassirClient;

/// <summary>
/// The client against the real gateway on Kestrel and the real WebMoney emulator: what the POS sees for each
/// way a payment can end, and across the gateway crashing and coming back.
/// </summary>
public sealed class RealGatewayTests(FakeClockEmulatorFixture emulator) : IClassFixture<FakeClockEmulatorFixture>, IAsyncLifetime
{
    private readonly HttpClient http = new();
    private GatewayHarness real = null!;
    private EmulatorBaseline counts = null!;
    private PosClient pos = null!;

    public Task InitializeAsync()
    {
        counts = new EmulatorBaseline(emulator);
        real = KassirGateway.Start(emulator);
        pos = new PosClient(real.BaseAddress);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        pos.Dispose();
        http.Dispose();
        await real.DisposeAsync();
    }

    [Fact]
    public async Task Pay_CustomerPaysInTheApp_ReturnsPaid()
    {
        QrIssued? printed = null;
        var pay = pos.Client.PayAsync(TestClients.Request(), qr => printed = qr);
        await pos.Wire.WaitForLongPollsAsync();

        real.PayAtWebMoney(printed!.PaymentId);
        var result = await real.AdvanceUntilAsync(pay);

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.Equal("Оплачено", result.Message);
        Assert.Equal(real.TransactionOf(printed.PaymentId), result.TransactionId);
        Assert.StartsWith("https://qr.nspk.ru/", printed.Payload);
        Assert.Equal(PaymentSystem.Sbp, result.PaymentSystem);
    }

    [Fact]
    public async Task Pay_CustomerDeclines_ReturnsDeclinedWithWebMoneysReason()
    {
        QrIssued? printed = null;
        var pay = pos.Client.PayAsync(TestClients.Request(), qr => printed = qr);
        await pos.Wire.WaitForLongPollsAsync();

        real.DeclineAtWebMoney(printed!.PaymentId);
        var result = await real.AdvanceUntilAsync(pay);

        Assert.Equal(PaymentOutcome.Declined, result.Outcome);
        Assert.StartsWith("Платёж отклонён", result.Message);
        Assert.Equal(result.Payment!.Error!.Message, result.Message);
        Assert.Equal("declined", result.ErrorCode);
    }

    [Fact]
    public async Task Pay_CustomerNeverPays_ReturnsTimedOutAfterTheDeadline()
    {
        var pay = pos.Client.PayAsync(TestClients.Request());
        await pos.Wire.WaitForLongPollsAsync();

        var result = await real.AdvanceUntilAsync(pay, maxSeconds: 400, stepSeconds: 10);

        Assert.Equal(PaymentOutcome.TimedOut, result.Outcome);
        Assert.Equal("Время ожидания оплаты истекло", result.Message);
        Assert.False(result.IsPaid);
    }

    [Fact]
    public async Task Pay_CashierCancels_ReturnsCancelled()
    {
        using var cashier = new CancellationTokenSource();
        var pay = pos.Client.PayAsync(TestClients.Request(), null, cashier.Token);
        await pos.Wire.WaitForLongPollsAsync();

        await cashier.CancelAsync();
        var result = await pay.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Cancelled, result.Outcome);
        Assert.Equal("Оплата отменена", result.Message);
        Assert.Equal(1, counts.Calls(PosApi.CancelPayment));
    }

    [Fact]
    public async Task Pay_CashierCancelsAfterCustomerPaid_ReturnsPaid()
    {
        using var cashier = new CancellationTokenSource();
        QrIssued? printed = null;
        var pay = pos.Client.PayAsync(TestClients.Request(), qr => printed = qr, cashier.Token);
        await pos.Wire.WaitForLongPollsAsync();

        real.PayAtWebMoney(printed!.PaymentId);
        await cashier.CancelAsync();
        var result = await pay.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.True(result.IsPaid);
        Assert.StartsWith("Оплачено", result.Message);
    }

    [Fact]
    public async Task Pay_CashierCancelsButWebMoneyDoesNotAnswer_ReturnsUnknownThenPaidLateWhenTheMoneyArrives()
    {
        using var cashier = new CancellationTokenSource();
        QrIssued? printed = null;
        var pay = pos.Client.PayAsync(TestClients.Request(), qr => printed = qr, cashier.Token);
        await pos.Wire.WaitForLongPollsAsync();
        emulator.Host.AddFault("*", FaultKind.Http500, 20);

        await cashier.CancelAsync();
        var result = await real.AdvanceUntilAsync(pay);
        emulator.Host.ClearFaults();
        real.PayAtWebMoney(printed!.PaymentId);
        emulator.Time.Advance(TimeSpan.FromSeconds(40)); // the gateway's first background recheck is due 30 s after the ending
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (!(await pos.Client.GetAsync(printed.PaymentId)).LatePaid)
            {
                await Task.Delay(20, limit.Token);
            }
        }

        var later = await pos.Client.WaitAsync(printed.PaymentId);

        Assert.Equal(PaymentOutcome.Unknown, result.Outcome);
        Assert.False(result.IsPaid);
        Assert.Equal(LocalPayErrorCodes.CancelledByCashier, result.ErrorCode);
        Assert.True(result.Payment!.Unresolved);
        Assert.Contains(result.Payment.Error!.Message, result.Message);
        Assert.Contains("не принимайте оплату повторно", result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Чек не оплачен", result.Message);
        Assert.Equal(PaymentOutcome.Paid, later.Outcome);
        Assert.Equal("Оплачено (оплата подтверждена с опозданием)", later.Message);
        Assert.True(later.Payment!.LatePaid);
    }

    [Fact]
    public async Task Pay_GatewayRestartsMidWait_ReturnsPaidAfterItComesBack()
    {
        QrIssued? printed = null;
        var pay = pos.Client.PayAsync(TestClients.Request(), qr => printed = qr);
        await pos.Wire.WaitForLongPollsAsync();

        await real.StopAsync();
        await pos.Wire.WaitForFailuresAsync(3);
        real.PayAtWebMoney(printed!.PaymentId);
        real = await real.RestartAsync();
        var result = await real.AdvanceUntilAsync(pay);

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.Equal(printed.PaymentId, result.PaymentId);
        Assert.Equal(1, counts.Calls(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task Pay_GatewayCrashesDuringCreate_ClientReplaysItsKeyAndGetsTheResumedPayment()
    {
        emulator.Host.AddFault(PosApi.CreateQrPayment, FaultKind.Hang);
        QrIssued? printed = null;
        var pay = pos.Client.PayAsync(TestClients.Request(), qr =>
        {
            printed = qr;
            real.PayAtWebMoney(qr.PaymentId);
        });
        await WaitUntilAsync(() => emulator.Host.GetFaults().Count == 0);

        await real.StopAsync();
        await pos.Wire.WaitForFailuresAsync(6);
        real = await real.RestartAsync();
        var result = await real.AdvanceUntilAsync(pay);

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.NotNull(printed);
        Assert.Equal(printed.PaymentId, result.PaymentId);
        Assert.Single(counts.Transactions());
    }

    [Fact]
    public async Task Pay_GatewayDownAtStart_FailsAndCreatesNothing()
    {
        await real.StopAsync();

        var result = await pos.Client.PayAsync(TestClients.Request()).WaitAsync(TimeSpan.FromSeconds(10));
        real = await real.RestartAsync();
        var created = await http.GetStringAsync(new Uri(real.BaseAddress, "/payments"));

        Assert.Equal(PaymentOutcome.Failed, result.Outcome);
        Assert.Equal(LocalPayErrorCodes.GatewayUnreachable, result.ErrorCode);
        Assert.Contains("оплата не создана", result.Message);
        Assert.Contains("\"items\":[]", created);
        Assert.Equal(0, counts.Calls(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task Pay_CreateAnswerLost_RetryReturnsTheSamePaymentAndWebMoneySeesOneCreate()
    {
        pos.Dispose();
        pos = new PosClient(real.BaseAddress, inner: new LosingHandler(loseCreates: 1));
        QrIssued? printed = null;
        var pay = pos.Client.PayAsync(TestClients.Request(), qr => printed = qr);
        await pos.Wire.WaitForLongPollsAsync();

        real.PayAtWebMoney(printed!.PaymentId);
        var result = await real.AdvanceUntilAsync(pay);
        var journal = await http.GetStringAsync(new Uri(real.BaseAddress, "/payments"));

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.Equal(1, counts.Calls(PosApi.CreateQrPayment));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(journal, "\"transactionId\""));
    }

    [Fact]
    public async Task Pay_UnmappedPaymentTypeCode_FailsWithTheGatewaysCode()
    {
        var result = await pos.Client.PayAsync(TestClients.Request(code: 42));

        Assert.Equal(PaymentOutcome.Failed, result.Outcome);
        Assert.Equal("payment_type_not_configured", result.ErrorCode);
        Assert.Contains("42", result.Message);
    }

    [Fact]
    public async Task Pay_AnotherPaymentPendingOnTheTerminal_FailsTerminalBusy()
    {
        var first = await pos.Client.CreateAsync(TestClients.Request());

        var result = await pos.Client.PayAsync(TestClients.Request());

        Assert.Equal(PaymentOutcome.Failed, result.Outcome);
        Assert.Equal("terminal_busy", result.ErrorCode);
        Assert.Contains(first.Id, result.Message);
        Assert.Equal(first.Id, result.PaymentId);
    }

    [Fact]
    public async Task Create_AnotherPaymentPendingOnTheTerminal_ThrowsWithTheBusyPaymentsId()
    {
        var first = await pos.Client.CreateAsync(TestClients.Request());

        var refused = await Assert.ThrowsAsync<LocalPayException>(() => pos.Client.CreateAsync(TestClients.Request()));

        Assert.Equal(409, refused.StatusCode);
        Assert.Equal("terminal_busy", refused.Code);
        Assert.Equal(first.Id, refused.PaymentId);
    }

    /// <summary>Waits (bounded) for a condition the test cannot be told about by an event.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, limit.Token);
        }
    }
}
