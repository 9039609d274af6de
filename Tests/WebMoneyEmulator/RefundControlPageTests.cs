using Gateway.WebMoney;
using OpenQA.Selenium;
using Tests.Gateway.Display;
using Tests.Support;
using WebMoneyContract;

namespace Tests.WebMoneyEmulator;

/// <summary>The emulator's control page (also the sandbox page) in a real headless Chromium: refunds listed, completed by a click.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class RefundControlPageTests(ChromiumFixture chromium, FakeClockEmulatorFixture emulator) : IClassFixture<FakeClockEmulatorFixture>
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ControlPage_ListsAPendingRefund_CompleteButtonCompletesIt()
    {
        emulator.Host.RefundsPending = true;
        var created = await emulator.Client.CreateQrPaymentAsync(new CreateQrCommand(Guid.NewGuid().ToString("N"), WirePaymentSystem.Sbp, 250m, "RUB", null),
            CallTimeout, CancellationToken.None);
        var transactionId = Assert.IsType<WebMoneyOutcome<QrCreated>.Success>(created).Value.TransactionId;
        emulator.Host.Pay(transactionId, out _);
        var refund = Assert.IsType<WebMoneyOutcome<RefundAnswer>.Success>(await emulator.Client.RefundPaymentAsync(
            new RefundCommand(transactionId, Guid.NewGuid().ToString("N"), 120.50m, "RUB"), CallTimeout, CancellationToken.None)).Value;

        chromium.Driver.Navigate().GoToUrl(emulator.Host.ControlUrl);
        var row = chromium.WaitUntil(d => d.FindElements(By.CssSelector("#refunds tr"))
            .FirstOrDefault(tr => tr.Text.Contains(refund.RefundTransactionId, StringComparison.Ordinal)), "the refund's row")!;
        Assert.Contains("Pending", row.Text, StringComparison.Ordinal);
        Assert.Contains("120,50", row.Text, StringComparison.Ordinal);
        row.FindElement(By.CssSelector("button[data-refund-action=complete]")).Click();
        chromium.WaitUntil(d => d.FindElements(By.CssSelector("#refunds tr"))
            .Any(tr => tr.Text.Contains(refund.RefundTransactionId, StringComparison.Ordinal) && tr.Text.Contains("Completed", StringComparison.Ordinal)), "the refund completed");

        Assert.Equal(WireRefundStatus.Completed, emulator.Host.GetRefunds().Single(r => r.RefundTransactionId == refund.RefundTransactionId).Status);
        Assert.Contains("RefundPayment 1", chromium.Driver.FindElement(By.Id("stats")).Text, StringComparison.Ordinal);
        emulator.Host.RefundsPending = false;
    }
}
