using global::KassirClient;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.KassirClient;

/// <summary>
/// Endings the gateway could not confirm with WebMoney (<c>unresolved</c>) and payments WebMoney confirmed after
/// they had ended (<c>latePaid</c>): the cashier must never read "not paid" while the money may still arrive.
/// Each ending is made by the real gateway from the emulator's faults.
/// </summary>
public sealed class LocalPayClientUnresolvedTests(FakeClockEmulatorFixture emulator) : IClassFixture<FakeClockEmulatorFixture>, IAsyncLifetime
{
    private GatewayHarness gateway = null!;

    /// <summary>How a payment ends without a definite "not paid".</summary>
    public enum Ending
    {
        /// <summary>The deadline passes and neither the cancel nor the final check gets an answer.</summary>
        TimedOut,

        /// <summary>The cashier cancels and neither the cancel nor the final check gets an answer.</summary>
        Cancelled,

        /// <summary>A status poll gets an error answer (a refusal), and the cancel after it no answer.</summary>
        Declined,

        /// <summary>More technical errors in a row than MaxStatusErrors.</summary>
        Failed,
    }

    public Task InitializeAsync()
    {
        gateway = KassirGateway.Start(emulator);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Theory]
    [InlineData(Ending.TimedOut, "timeout", "Время ожидания оплаты истекло. Оплата не подтверждена и ещё проверяется: не принимайте оплату повторно.")]
    [InlineData(Ending.Cancelled, "cancelled_by_cashier", "Оплата отменена кассиром. Оплата не подтверждена и ещё проверяется: не принимайте оплату повторно.")]
    [InlineData(Ending.Declined, "declined", "Платёж отклонён: Отказ сервера WebMoney (эмуляция). Оплата не подтверждена и ещё проверяется: не принимайте оплату повторно.")]
    [InlineData(Ending.Failed, "technical_errors", "Нет ответа от WebMoney: результат оплаты пока не подтверждён. Не принимайте оплату повторно — шлюз продолжит проверку, администратор увидит итог.")]
    public async Task Pay_EndedWithoutDefiniteNotPaid_ReturnsUnknownWithGatewaysMessage(Ending ending, string code, string message)
    {
        using var pos = new PosClient(gateway.BaseAddress);
        using var cashier = new CancellationTokenSource();
        QrIssued? printed = null;
        var pay = pos.Client.PayAsync(TestClients.Request(), qr => printed = qr, cashier.Token);
        await pos.Wire.WaitForLongPollsAsync();

        await EndAsync(ending, printed!, cashier);
        var result = await gateway.AdvanceUntilAsync(pay);

        Assert.Equal(PaymentOutcome.Unknown, result.Outcome);
        Assert.False(result.IsPaid);
        Assert.Equal(code, result.ErrorCode);
        Assert.Equal(message, result.Payment!.Error!.Message);
        Assert.Equal(
            $"Результат оплаты не подтверждён (платёж {result.PaymentId}): {message} Не принимайте оплату повторно, пока платёж не проверен.",
            result.Message);
        Assert.True(result.Payment!.Unresolved);
    }

    [Fact]
    public async Task Pay_TimedOutWithDefiniteNotPaid_StaysTimedOut()
    {
        using var pos = new PosClient(gateway.BaseAddress);
        var pay = pos.Client.PayAsync(TestClients.Request());
        await pos.Wire.WaitForLongPollsAsync();

        var result = await gateway.AdvanceUntilAsync(pay, maxSeconds: 400, stepSeconds: 10);

        Assert.Equal(PaymentOutcome.TimedOut, result.Outcome);
        Assert.False(result.Payment!.Unresolved);
    }

    [Fact]
    public async Task Pay_CashierCancelsButWebMoneyDoesNotConfirm_ReturnsUnknown()
    {
        using var pos = new PosClient(gateway.BaseAddress);
        using var cashier = new CancellationTokenSource();
        var pay = pos.Client.PayAsync(TestClients.Request(), null, cashier.Token);
        await pos.Wire.WaitForLongPollsAsync();
        emulator.Host.AddFault("*", FaultKind.Http500, 20);

        await cashier.CancelAsync();
        var result = await gateway.AdvanceUntilAsync(pay);

        Assert.Equal(PaymentOutcome.Unknown, result.Outcome);
        Assert.Equal(LocalPayErrorCodes.CancelledByCashier, result.ErrorCode);
        Assert.Contains("ещё проверяется", result.Message);
        Assert.EndsWith("Не принимайте оплату повторно, пока платёж не проверен.", result.Message);
    }

    [Theory]
    [InlineData(Ending.TimedOut)]
    [InlineData(Ending.Cancelled)]
    [InlineData(Ending.Failed)]
    [InlineData(Ending.Declined)]
    [InlineData(null)]
    public async Task Wait_PaymentReportedPaidLate_ReturnsPaidSayingItArrivedLate(Ending? ending)
    {
        // null: paid in time yet flagged latePaid — a pair the real gateway never sends, so a stand-in adds the flag.
        var flagged = ending is null
            ? AnswerRewriter.Json(AnswerRewriter.IsStatusRead, p => p["latePaid"] = p["status"]?.GetValue<string>() == "paid")
            : null;
        using var pos = new PosClient(gateway.BaseAddress, inner: flagged);
        var payment = await pos.Client.CreateAsync(TestClients.Request());
        if (ending is { } e)
        {
            using var cashier = new CancellationTokenSource();
            await EndAsync(e, new QrIssued(payment.Id, payment.Qr!.Payload, payment.Deadline!.Value), cashier, pos.Client);
            await gateway.FinalAsync(payment.Id);
            emulator.Host.ClearFaults();
        }
        gateway.PayAtWebMoney(payment.Id);
        await LatePaidAsync(pos.Client, payment.Id, ending is null);

        var result = await pos.Client.WaitAsync(payment.Id).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.True(result.IsPaid);
        Assert.Equal("Оплачено (оплата подтверждена с опозданием)", result.Message);
        Assert.Null(result.ErrorCode);
        Assert.True(result.Payment!.LatePaid);
    }

    /// <summary>
    /// Makes the gateway end the pending payment as <paramref name="ending"/> says; every cancel after it goes
    /// unanswered too, so the QR stays payable at WebMoney (the money may still arrive).
    /// </summary>
    private async Task EndAsync(Ending ending, QrIssued qr, CancellationTokenSource cashier, LocalPayClient? client = null)
    {
        var host = emulator.Host;
        switch (ending)
        {
            case Ending.TimedOut:
                host.AddFault("*", FaultKind.Http500, 20);
                emulator.Time.Advance(qr.Deadline - emulator.Time.GetUtcNow() + TimeSpan.FromSeconds(1));
                break;
            case Ending.Cancelled:
                host.AddFault("*", FaultKind.Http500, 20);
                if (client is null)
                {
                    await cashier.CancelAsync();
                }
                else
                {
                    await gateway.AdvanceUntilAsync(client.CancelAsync(qr.PaymentId));
                }
                break;
            case Ending.Declined:
                host.AddFault(PosApi.GetPaymentStatus, FaultKind.Refusal);
                host.AddFault(PosApi.CancelPayment, FaultKind.Http500, 20);
                break;
            default:
                host.AddFault("*", FaultKind.Http500, 20);
                break;
        }
    }

    /// <summary>Moves the clock past the gateway's background rechecks until the payment shows the late money.</summary>
    private async Task LatePaidAsync(LocalPayClient client, string paymentId, bool paidInTime)
    {
        if (paidInTime)
        {
            await gateway.FinalAsync(paymentId);
            return;
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!(await client.GetAsync(paymentId)).LatePaid)
        {
            emulator.Time.Advance(TimeSpan.FromSeconds(5)); // the first background recheck is due 30 s after the ending
            await Task.Delay(20, limit.Token);
        }
    }
}
