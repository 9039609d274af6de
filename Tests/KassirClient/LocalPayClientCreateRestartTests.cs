using global::KassirClient;
using Microsoft.Extensions.Time.Testing;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.KassirClient;

/// <summary>
/// The gateway restarting while a create is on the wire: the payment may exist (a restarted gateway resumes
/// the create and shows its QR), so the client must keep asking for it under the same key, and a cashier who
/// gives up meanwhile must get it cancelled rather than left payable without an id.
/// </summary>
public sealed class LocalPayClientCreateRestartTests(FakeClockEmulatorFixture emulator) : IClassFixture<FakeClockEmulatorFixture>, IAsyncLifetime
{
    private GatewayHarness gateway = null!;

    public Task InitializeAsync()
    {
        gateway = KassirGateway.Start(emulator);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task Pay_GatewayRestartsDuringCreate_KeepsReplayingTheKeyAndReturnsThePayment()
    {
        // The client's backoff runs on the gateway's fake clock: while the gateway is down, moving it makes the retries.
        using var pos = new PosClient(gateway.BaseAddress, o =>
        {
            o.UseTime(emulator.Time);
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(500);
            o.RetryMaxDelay = TimeSpan.FromSeconds(5);
        });
        emulator.Host.AddFault(PosApi.CreateQrPayment, FaultKind.Hang);
        QrIssued? printed = null;
        var handedOver = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pay = pos.Client.PayAsync(TestClients.Request(), qr =>
        {
            printed = qr;
            gateway.PayAtWebMoney(qr.PaymentId);
            handedOver.TrySetResult();
        });
        await WaitUntilAsync(() => emulator.Host.GetFaults().Count == 0); // the create is at WebMoney, unanswered

        await gateway.StopAsync();
        var down = pos.Wire.WaitForRefusedAsync(3);
        await gateway.AdvanceUntilAsync(down.ContinueWith(_ => 0, TaskScheduler.Default), maxSeconds: 30, stepSeconds: 0.5);
        gateway = await gateway.RestartAsync();
        await gateway.AdvanceUntilAsync(Task.WhenAny(handedOver.Task, pay), maxSeconds: 30, stepSeconds: 0.5); // the client's next replay
        var result = await gateway.AdvanceUntilAsync(pay, maxSeconds: 30, stepSeconds: 0.5);

        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
        Assert.NotNull(printed);
        Assert.Equal(printed.PaymentId, result.PaymentId);
        Assert.Single(await gateway.PaymentsAsync());
        var creates = pos.Wire.Creates;
        Assert.Equal(2, creates.Count);
        Assert.True(pos.Wire.Refused >= 3, $"{pos.Wire.Refused} refused attempts: the gateway was back too soon for this test");
        Assert.True(creates.Count + pos.Wire.Refused > 4, "the client should retry past MaxRetries (3) while the payment may exist");
        Assert.Single(pos.Wire.Calls.Where(c => c.Path == "/payments").Select(r => r.IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task Pay_CreateAnswerLostUntilCreateTimeout_ReturnsUnknownAfterReplayingTheWholeTime()
    {
        var start = TimeProvider.System.GetUtcNow();
        var clock = new LeapingTimeProvider(start);
        using var pos = new PosClient(gateway.BaseAddress, o =>
        {
            o.UseTime(clock);
            o.CreateTimeout = TimeSpan.FromSeconds(40);
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(500);
            o.RetryMaxDelay = TimeSpan.FromSeconds(5);
        }, new LosingHandler(60));

        var result = await pos.Client.PayAsync(TestClients.Request()).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(PaymentOutcome.Unknown, result.Outcome);
        Assert.Equal(LocalPayErrorCodes.GatewayUnreachable, result.ErrorCode);
        Assert.Contains("Результат оплаты неизвестен", result.Message);
        Assert.Single(await gateway.PaymentsAsync());
        Assert.InRange(clock.GetUtcNow() - start, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(41));
        var creates = pos.Wire.Creates;
        Assert.True(creates.Count > 4, $"{creates.Count} creates: the client gave up within MaxRetries");
        Assert.Single(creates.Select(r => r.IdempotencyKey).Distinct());
    }

    [Fact]
    public async Task Pay_CashierCancelsWhileCreateRetries_ReplaysTheKeyAndCancelsThePayment()
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow()); // never moved: the retry's delay never ends
        using var pos = new PosClient(gateway.BaseAddress, o => o.UseTime(clock), new LosingHandler(1));
        using var cashier = new CancellationTokenSource();
        var pay = pos.Client.PayAsync(TestClients.Request(), null, cashier.Token);
        await pos.Wire.WaitForFailuresAsync(1);

        await cashier.CancelAsync();
        var result = await pay.WaitAsync(TimeSpan.FromSeconds(10));

        var made = Assert.Single(await gateway.PaymentsAsync()).GetProperty("id").GetString();
        Assert.Equal(PaymentOutcome.Cancelled, result.Outcome);
        Assert.Equal(made, result.PaymentId);
        Assert.Contains(pos.Wire.Calls, r => r.Method == "POST" && r.Path == $"/payments/{made}/cancel");
        var creates = pos.Wire.Creates;
        Assert.Equal(2, creates.Count);
        Assert.Single(creates.Select(r => r.IdempotencyKey).Distinct());
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
