using global::KassirClient;

namespace Tests.KassirClient;

/// <summary>
/// Endings the gateway could not confirm with WebMoney (<c>unresolved</c>) and payments WebMoney confirmed after
/// they had ended (<c>latePaid</c>): the cashier must never read "not paid" while the money may still arrive.
/// </summary>
public sealed class LocalPayClientUnresolvedTests : IAsyncLifetime
{
    private ScriptedGateway gateway = null!;

    public async Task InitializeAsync() => gateway = await ScriptedGateway.StartAsync();

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Theory]
    [InlineData("timedOut", "timeout", "Время ожидания оплаты истекло, платёж отменён. Чек не оплачен. Оплата ещё проверяется.")]
    [InlineData("cancelled", "cancelled_by_cashier", "Оплата отменена кассиром. Чек не оплачен. Оплата ещё проверяется.")]
    [InlineData("declined", "declined", "Платёж отклонён: Ошибка сервиса. Чек не оплачен. Оплата ещё проверяется.")]
    [InlineData("failed", "technical_errors", "Нет ответа от WebMoney: результат оплаты пока не подтверждён.")]
    public async Task Pay_EndedWithoutDefiniteNotPaid_ReturnsUnknownWithGatewaysMessage(string status, string code, string message)
    {
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));

        var result = await client.PayAsync(TestClients.Request(), qr => gateway.Settle(qr.PaymentId, status, code, message, unresolved: true))
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Unknown, result.Outcome);
        Assert.False(result.IsPaid);
        Assert.Equal(code, result.ErrorCode);
        Assert.Equal(
            $"Результат оплаты не подтверждён (платёж {result.PaymentId}): {message} Не принимайте оплату повторно, пока платёж не проверен.",
            result.Message);
        Assert.True(result.Payment!.Unresolved);
    }

    [Fact]
    public async Task Pay_TimedOutWithDefiniteNotPaid_StaysTimedOut()
    {
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));

        var result = await client.PayAsync(
                TestClients.Request(),
                qr => gateway.Settle(qr.PaymentId, "timedOut", "timeout", "Время ожидания оплаты истекло, платёж отменён. Чек не оплачен."))
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.TimedOut, result.Outcome);
        Assert.False(result.Payment!.Unresolved);
    }

    [Fact]
    public async Task Pay_CashierCancelsButWebMoneyDoesNotConfirm_ReturnsUnknown()
    {
        gateway.OnCancel = CancelMode.NotConfirmed;
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));
        using var cashier = new CancellationTokenSource();
        var pay = client.PayAsync(TestClients.Request(), null, cashier.Token);
        await gateway.WaitForRequestAsync(r => r.WaitSeconds > 0);

        await cashier.CancelAsync();
        var result = await pay.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Unknown, result.Outcome);
        Assert.Equal(LocalPayErrorCodes.CancelledByCashier, result.ErrorCode);
        Assert.Contains("Оплата ещё проверяется.", result.Message);
        Assert.EndsWith("Не принимайте оплату повторно, пока платёж не проверен.", result.Message);
    }

    [Theory]
    [InlineData("timedOut", "timeout")]
    [InlineData("cancelled", "cancelled_by_cashier")]
    [InlineData("failed", "technical_errors")]
    [InlineData("paid", null)]
    public async Task Wait_PaymentReportedPaidLate_ReturnsPaidSayingItArrivedLate(string status, string? code)
    {
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));
        var payment = await client.CreateAsync(TestClients.Request());
        gateway.Settle(payment.Id, status, code, code is null ? null : "Оплата ещё проверяется.", latePaid: true);

        var result = await client.WaitAsync(payment.Id).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.True(result.IsPaid);
        Assert.Equal("Оплачено (оплата подтверждена с опозданием)", result.Message);
        Assert.Null(result.ErrorCode);
        Assert.True(result.Payment!.LatePaid);
    }
}
