using CustomerDisplay;
using Gateway.Display;
using Gateway.Payments;
using Gateway.Storage;
using Microsoft.Extensions.DependencyInjection;
using Tests.Support;

namespace Tests.Gateway.Display;

public sealed class DisplayOwnershipTests : IDisposable
{
    private readonly GatewayHarness _gateway = new GatewayHarness().UseScriptedWebMoney();

    public void Dispose() => _gateway.Dispose();

    private static Payment Make(string id, PaymentStatus status, DateTimeOffset createdAt, bool latePaid = false) => new()
    {
        Id = id, Status = status, TerminalId = "T9", Amount = 10m, PaymentSystem = PaymentSystem.Sbp, CreatedAt = createdAt,
        Deadline = createdAt.AddMinutes(3), QrPayload = "https://qr.nspk.ru/" + id, LatePaid = latePaid, Version = 3,
        Error = status == PaymentStatus.Failed ? CashierMessages.TechnicalErrors : null, Unresolved = !latePaid && status == PaymentStatus.Failed,
    };

    [Fact]
    public async Task LatePaidOfAnOlderPayment_DoesNotReplaceTheNextCustomersQr()
    {
        var bridge = _gateway.Services.GetRequiredService<DisplayBridge>();
        var notifier = _gateway.Services.GetRequiredService<DisplayNotifier>();
        var now = DateTimeOffset.UtcNow;
        await bridge.PublishAsync(Make("A", PaymentStatus.Failed, now.AddMinutes(-5)), CancellationToken.None);
        await bridge.PublishAsync(Make("B", PaymentStatus.Pending, now), CancellationToken.None);

        await bridge.PublishAsync(Make("A", PaymentStatus.Failed, now.AddMinutes(-5), latePaid: true), CancellationToken.None);

        var shown = await notifier.GetCurrentAsync("T9", CancellationToken.None);
        Assert.Equal("B", shown.PaymentId);
        Assert.Equal(DisplayPhase.Awaiting, shown.Phase);
    }

    [Fact]
    public async Task UnconfirmedOutcome_TellsTheCustomerToAskTheCashierNotToPayAgain()
    {
        var bridge = _gateway.Services.GetRequiredService<DisplayBridge>();
        var notifier = _gateway.Services.GetRequiredService<DisplayNotifier>();

        await bridge.PublishAsync(Make("C", PaymentStatus.Failed, DateTimeOffset.UtcNow), CancellationToken.None);

        var shown = await notifier.GetCurrentAsync("T9", CancellationToken.None);
        Assert.Contains("обратитесь к кассиру", shown.Message);
        Assert.DoesNotContain("Не принимайте", shown.Message);
    }
}
