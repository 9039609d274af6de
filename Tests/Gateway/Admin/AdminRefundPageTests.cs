using System.Net.Http.Json;
using System.Text.Json;
using OpenQA.Selenium;
using Gateway.Refunds;
using Microsoft.Extensions.DependencyInjection;
using Tests.Gateway.Display;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.Admin;

/// <summary>Refunds in the admin console (SPEC §10, §12): real Chromium, real gateway, the real emulator's refunds.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class AdminRefundPageTests(ChromiumFixture browser, EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly AdminPage _page = new(browser);

    public void Dispose()
    {
        emulator.Host.ClearFaults();
        emulator.Host.RefundsPending = false;
    }

    [Fact]
    public async Task PaidPayment_Вернуть_MakesAPartialRefund_ThenAnOverRefundIsRefusedAtTheAmountField_NothingSent()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();
        var id = (await api.PaidPaymentAsync(emulator, "rf-1", 900m)).GetProperty("id").GetString()!;
        _page.Open(gateway, "payment/" + id);
        _page.WaitText("refunds", t => t.Contains("Возвратов не было", StringComparison.Ordinal), "the empty refund list");
        Assert.Contains("900,00", _page.Text("refundable"));
        var sentBefore = await emulator.StatsAsync(PosApi.RefundPayment);

        _page.Type("Сумма возврата (₽)", "300,50");
        _page.Type("Причина", "Возврат товара, чек 000123");
        Assert.Equal("button", _page.Button("Вернуть").TagName);
        _page.Button("Вернуть").Click();
        var done = _page.WaitText("refund-result", t => t.StartsWith("Возврат ", StringComparison.Ordinal) && !t.StartsWith("Возврат не", StringComparison.Ordinal), "the refund's answer");

        Assert.Contains("300,50", done);
        Assert.Contains("Выполнен", done);
        var refunds = await api.RefundsOfAsync(id);
        var refund = Assert.Single(refunds.EnumerateArray());
        Assert.Equal(300.50m, refund.GetProperty("amount").GetDecimal());
        var row = _page.Driver.FindElement(By.CssSelector($"#refunds tr[data-id='{refund.GetProperty("id").GetString()}']")).Text;
        Assert.Contains("300,50", row);
        Assert.Contains("Выполнен", row);
        Assert.Contains("Возврат товара, чек 000123", row);
        Assert.Contains(refund.GetProperty("refundTransactionId").GetString()!, row);
        Assert.Contains("599,50", _page.Text("payment-refundable"));
        Assert.Contains("599,50", _page.Text("refundable"));
        Assert.Equal(sentBefore + 1, await emulator.StatsAsync(PosApi.RefundPayment));
        Assert.Contains("WebMoney, возврат: выполнен", _page.Text("history"));
        _page.Screenshot("admin-8-refund");

        _page.Type("Сумма возврата (₽)", "600");
        _page.Button("Вернуть").Click();
        var error = _page.WaitText("err-amount", t => t.Length > 0, "the over-refund's message at the amount field");

        Assert.Contains("превысит сумму платежа", error);
        Assert.Contains("599,50", error);
        Assert.Equal("true", _page.Field("Сумма возврата (₽)").GetDomAttribute("aria-invalid"));
        Assert.Contains("не выполнен", _page.Text("refund-result"));
        Assert.Equal(sentBefore + 1, await emulator.StatsAsync(PosApi.RefundPayment));
        Assert.Single((await api.RefundsOfAsync(id)).EnumerateArray());
    }

    [Fact]
    public async Task RefundWebMoneyDoesNotAnswer_SaysTheResultIsNotKnownYet_AndAttentionListsTheRefund()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();
        var id = (await api.PaidPaymentAsync(emulator, "rf-2", 500m)).GetProperty("id").GetString()!;
        // MaxStatusErrors=3 in the bundle: the 4th HTTP 500 in a row makes the refund unresolved (502 webmoney_unavailable).
        await emulator.FaultAsync(PosApi.RefundPayment, "http500", 4);
        _page.Open(gateway, "payment/" + id);
        _page.WaitText("refunds", t => t.Contains("Возвратов не было", StringComparison.Ordinal), "the empty refund list");

        _page.Button("Вернуть").Click();
        var answer = _page.WaitText("refund-result", t => t.StartsWith("Результат возврата пока не известен", StringComparison.Ordinal), "the refund's answer");

        Assert.Contains("шлюз продолжает его проверять", answer);
        Assert.DoesNotContain("не выполнен", answer);
        var refund = Assert.Single((await api.RefundsOfAsync(id)).EnumerateArray());
        var refundId = refund.GetProperty("id").GetString()!;
        Assert.True(refund.GetProperty("unresolved").GetBoolean());
        var row = browser.WaitUntil(d => d.FindElements(By.CssSelector($"#refunds tr[data-id='{refundId}']")).FirstOrDefault()?.Text, "the refund listed");
        Assert.Contains("Выполняется · не подтверждён", row);

        _page.Open(gateway, "attention");
        var listed = browser.WaitUntil(d => d.FindElements(By.CssSelector($"#attention-refunds tr[data-id='{refundId}']")).FirstOrDefault()?.Text, "the unresolved refund in attention");
        Assert.Contains("500,00", listed);
        Assert.Contains("не подтверждён WebMoney", listed);
        Assert.Contains(id, listed);
        _page.Screenshot("admin-9-attention-refund");
        _page.Driver.FindElement(By.CssSelector($"#attention-refunds tr[data-id='{refundId}'] a")).Click();
        _page.WaitText("payment-title", t => t.Contains(id, StringComparison.Ordinal), "the refund's payment page");
    }

    [Fact]
    public async Task RefundOfUnknownOutcome_ARetryReplaysTheSameRefund_ThenThePageShowsItsStatusAsItChanges()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();
        var id = (await api.PaidPaymentAsync(emulator, "rf-3", 500m)).GetProperty("id").GetString()!;
        await emulator.FaultAsync(PosApi.RefundPayment, "http500", 4);
        _page.Open(gateway, "payment/" + id);
        _page.WaitText("refunds", t => t.Contains("Возвратов не было", StringComparison.Ordinal), "the empty refund list");
        _page.Type("Сумма возврата (₽)", "200");
        _page.Button("Вернуть").Click();
        _page.WaitText("refund-result", t => t.StartsWith("Результат возврата пока не известен", StringComparison.Ordinal), "the first answer");
        var refundId = Assert.Single((await api.RefundsOfAsync(id)).EnumerateArray()).GetProperty("id").GetString()!;
        var sent = await emulator.StatsAsync(PosApi.RefundPayment);

        // Pressed again with the same amount: the same Idempotency-Key, so the gateway replays the refund it holds.
        ((IJavaScriptExecutor)_page.Driver).ExecuteScript("document.getElementById('refund-result').textContent = '';");
        _page.Button("Вернуть").Click();
        var retried = _page.WaitText("refund-result", t => t.Length > 0 && !t.StartsWith("Отправляем", StringComparison.Ordinal), "the retry's answer");

        Assert.Equal(refundId, Assert.Single((await api.RefundsOfAsync(id)).EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(sent, await emulator.StatsAsync(PosApi.RefundPayment));
        Assert.StartsWith("Результат возврата пока не известен", retried);
        Assert.Contains("не создаст второй возврат", retried);
        Assert.Contains("не подтвердил", _page.Text("refund-watch"));

        // The gateway's next check re-sends it with the same RefundId; WebMoney accepts it, the payment system is slow.
        emulator.Host.RefundsPending = true;
        await gateway.Services.GetRequiredService<RefundProcessor>().RunDueAsync(refundId, CancellationToken.None);
        var accepted = _page.WaitText("refund-watch", t => t.Contains("WebMoney принял", StringComparison.Ordinal), "the status line after WebMoney accepted");
        var refundTransactionId = (await api.GetRefundAsync(refundId)).GetProperty("refundTransactionId").GetString()!;
        var acceptedRow = browser.WaitUntil(d => d.FindElements(By.CssSelector($"#refunds tr[data-id='{refundId}']")).FirstOrDefault()?.Text is { } t
            && t.Contains(refundTransactionId, StringComparison.Ordinal) ? t : null, "the refund's row following its status");
        _page.Screenshot("admin-10-refund-unknown");
        (await emulator.Control.PostAsync($"/emulator/refunds/{refundTransactionId}/complete", null)).EnsureSuccessStatusCode();
        var done = _page.WaitText("refund-result", t => t.Contains("Выполнен", StringComparison.Ordinal), "the refund's end");

        Assert.Contains("Выполняется", accepted);
        Assert.DoesNotContain("не подтверждён", acceptedRow);
        Assert.Contains("200,00", done);
        Assert.Contains("WebMoney подтвердил", done);
        Assert.False(_page.Driver.FindElement(By.Id("refund-watch")).Displayed);
        var row = browser.WaitUntil(d => d.FindElements(By.CssSelector($"#refunds tr[data-id='{refundId}']")).FirstOrDefault()?.Text, "the refund listed");
        Assert.Contains("Выполнен", row);
        Assert.Contains("300,00", _page.Text("payment-refundable"));
        Assert.Equal(sent + 1, await emulator.StatsAsync(PosApi.RefundPayment));
    }
}
