using global::KassirClient;

namespace Tests.KassirClient;

/// <summary>
/// The POS program is a WinForms application: its UI thread calls the client, blocking or awaiting, and must
/// neither deadlock nor lose the printer callback to another thread.
/// </summary>
public sealed class LocalPayClientUiThreadTests : IAsyncLifetime
{
    private ScriptedGateway gateway = null!;

    public async Task InitializeAsync() => gateway = await ScriptedGateway.StartAsync();

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task Pay_BlockingOnSingleThreadedUiContext_CompletesAndPrintsOnTheUiThread()
    {
        using var ui = new SingleThreadSynchronizationContext();
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));
        var printThread = 0;

        var result = await ui.Run(() => client.Pay(TestClients.Request(), qr =>
        {
            printThread = Environment.CurrentManagedThreadId;
            gateway.Settle(qr.PaymentId, "paid");
        })).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.Equal(ui.ManagedThreadId, printThread);
    }

    [Fact]
    public async Task PayAsync_AwaitedOnUiContext_PrintsAndResumesOnTheUiThread()
    {
        using var ui = new SingleThreadSynchronizationContext();
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));
        var printThread = 0;

        var (result, resumedOn) = await ui.RunAsync(async () =>
        {
            var r = await client.PayAsync(TestClients.Request(), qr =>
            {
                printThread = Environment.CurrentManagedThreadId;
                gateway.Settle(qr.PaymentId, "paid");
            });
            return (r, Environment.CurrentManagedThreadId);
        }).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.Equal(ui.ManagedThreadId, printThread);
        Assert.Equal(ui.ManagedThreadId, resumedOn);
    }

    [Fact]
    public async Task BlockingSteps_OnSingleThreadedUiContext_DoNotDeadlock()
    {
        using var ui = new SingleThreadSynchronizationContext();
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));

        var status = await ui.Run(() =>
        {
            var payment = client.Create(TestClients.Request());
            var cancelled = client.Cancel(payment.Id);
            var result = client.Wait(payment.Id);
            return (client.Get(payment.Id).Status, cancelled.Status, result.Outcome);
        }).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((PaymentStatus.Cancelled, PaymentStatus.Cancelled, PaymentOutcome.Cancelled), status);
    }

    [Fact]
    public async Task Pay_CashierCancelsFromAnotherThreadWhileUiBlocks_ReturnsCancelled()
    {
        using var ui = new SingleThreadSynchronizationContext();
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));
        using var cashier = new CancellationTokenSource();

        var pay = ui.Run(() => client.Pay(TestClients.Request(), null, cashier.Token));
        await gateway.WaitForRequestAsync(r => r.WaitSeconds > 0);
        await cashier.CancelAsync();
        var result = await pay.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Cancelled, result.Outcome);
    }
}
