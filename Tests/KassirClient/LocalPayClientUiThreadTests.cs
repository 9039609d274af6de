using global::KassirClient;
using Tests.Support;

namespace Tests.KassirClient;

/// <summary>
/// The POS program is a WinForms application: its UI thread calls the client, blocking or awaiting, and must
/// neither deadlock nor lose the printer callback to another thread.
/// </summary>
public sealed class LocalPayClientUiThreadTests(FakeClockEmulatorFixture emulator) : IClassFixture<FakeClockEmulatorFixture>, IAsyncLifetime
{
    private GatewayHarness gateway = null!;

    public Task InitializeAsync()
    {
        gateway = KassirGateway.Start(emulator);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task Pay_BlockingOnSingleThreadedUiContext_CompletesAndPrintsOnTheUiThread()
    {
        using var ui = new SingleThreadSynchronizationContext();
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));
        var printThread = 0;

        var printed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var pay = ui.Run(() => client.Pay(TestClients.Request(), qr =>
        {
            printThread = Environment.CurrentManagedThreadId;
            gateway.PayAtWebMoney(qr.PaymentId);
            printed.TrySetResult();
        }));
        await printed.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the gateway's clock moves once the QR is out
        var result = await gateway.AdvanceUntilAsync(pay);

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.Equal(ui.ManagedThreadId, printThread);
    }

    [Fact]
    public async Task PayAsync_AwaitedOnUiContext_PrintsAndResumesOnTheUiThread()
    {
        using var ui = new SingleThreadSynchronizationContext();
        using var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));
        var printThread = 0;

        var printed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var pay = ui.RunAsync(async () =>
        {
            var r = await client.PayAsync(TestClients.Request(), qr =>
            {
                printThread = Environment.CurrentManagedThreadId;
                gateway.PayAtWebMoney(qr.PaymentId);
                printed.TrySetResult();
            });
            return (r, Environment.CurrentManagedThreadId);
        });
        await printed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var (result, resumedOn) = await gateway.AdvanceUntilAsync(pay);

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
        using var pos = new PosClient(gateway.BaseAddress);
        using var cashier = new CancellationTokenSource();

        var pay = ui.Run(() => pos.Client.Pay(TestClients.Request(), null, cashier.Token));
        await pos.Wire.WaitForLongPollsAsync();
        await cashier.CancelAsync();
        var result = await pay.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Cancelled, result.Outcome);
    }
}
