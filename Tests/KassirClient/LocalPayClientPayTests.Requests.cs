using System.Text.Json;
using global::KassirClient;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.KassirClient;

/// <summary>PayAsync: what it sends, and the creates the gateway refuses.</summary>
public sealed partial class LocalPayClientPayTests
{
    [Theory]
    [InlineData(422, "payment_type_not_configured", "Вид оплаты с кодом 42 не настроен", false)]
    [InlineData(409, "terminal_busy", "уже идёт другая оплата", false)]
    [InlineData(503, "not_configured", "Платёжный шлюз не настроен", true)]
    [InlineData(502, "webmoney_rejected", "WebMoney отказал в создании QR-кода", false)]
    [InlineData(502, "webmoney_unavailable", "Нет связи с WebMoney", false)]
    public async Task Pay_GatewayRefusesCreate_ReturnsFailedWithProblemCode(int status, string code, string message, bool withDetail)
    {
        var request = TestClients.Request();
        switch (code)
        {
            case "payment_type_not_configured":
                request = TestClients.Request(code: 42);
                break;
            case "terminal_busy":
                using (var other = new PosClient(gateway.BaseAddress))
                {
                    await other.Client.CreateAsync(TestClients.Request());
                }
                break;
            case "not_configured":
                await gateway.DisposeAsync();
                gateway = KassirGateway.Start(emulator, g => g.UseEmptySettingsDirectory());
                break;
            case "webmoney_rejected":
                emulator.Host.AddFault(PosApi.CreateQrPayment, FaultKind.Refusal);
                break;
            default:
                emulator.Host.AddFault(PosApi.CreateQrPayment, FaultKind.Http500, 4);
                break;
        }
        using var pos = new PosClient(gateway.BaseAddress);
        var printed = false;

        var pay = pos.Client.PayAsync(request, _ => printed = true);
        var result = code == "webmoney_unavailable" // only the create's retries wait on the clock
            ? await gateway.AdvanceUntilAsync(pay)
            : await pay.WaitAsync(TimeSpan.FromSeconds(30));

        var answer = Assert.Single(pos.Wire.Calls);
        Assert.Equal(status, answer.Status);
        var detail = JsonDocument.Parse(answer.Answer!).RootElement.GetProperty("detail").GetString();
        Assert.Equal(PaymentOutcome.Failed, result.Outcome);
        Assert.Equal(code, result.ErrorCode);
        Assert.Contains(withDetail ? message + ": " + detail : message, result.Message);
        // Every phrase once: the gateway's detail is not prefixed with its own first words again.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(result.Message, System.Text.RegularExpressions.Regex.Escape(message)));
        if (code == "webmoney_rejected")
        {
            Assert.Equal(detail!.TrimEnd('.') + ". Оплата не создана.", result.Message);
        }
        Assert.EndsWith("Оплата не создана.", result.Message);
        Assert.False(printed);
    }

    [Fact]
    public async Task Pay_WrongApiKey_ReturnsFailedAndSaysToCheckTheKey()
    {
        await gateway.DisposeAsync();
        gateway = KassirGateway.Start(emulator, g => g.Config("Gateway:ApiKey", "secret"));
        using var pos = new PosClient(gateway.BaseAddress, o => o.ApiKey = "wrong");

        var result = await pos.Client.PayAsync(TestClients.Request());

        Assert.Equal(PaymentOutcome.Failed, result.Outcome);
        Assert.Equal("unauthorized", result.ErrorCode);
        Assert.Contains("ключ API", result.Message);
        Assert.Equal("wrong", pos.Wire.Calls[0].ApiKey);
    }

    [Fact]
    public async Task Pay_QrCallbackThrows_CancelsThePaymentAndSaysWhy()
    {
        using var pos = new PosClient(gateway.BaseAddress);

        var result = await pos.Client.PayAsync(TestClients.Request(), _ => throw new InvalidOperationException("Принтер не отвечает"));

        Assert.Equal(PaymentOutcome.Cancelled, result.Outcome);
        Assert.Equal(LocalPayErrorCodes.QrCallbackFailed, result.ErrorCode);
        Assert.Contains("Принтер не отвечает", result.Message);
        Assert.Contains(pos.Wire.Calls, r => r.Path.EndsWith("/cancel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pay_SendsAmountCodeReceiptTerminalAndDescription()
    {
        using var pos = new PosClient(gateway.BaseAddress, o => o.TerminalId = "kassa-2");

        await gateway.PayAsync(pos.Client, TestClients.Request(99.90m, 7), qr => gateway.PayAtWebMoney(qr.PaymentId));

        var body = pos.Wire.Calls[0].Body!;
        Assert.Contains("\"amount\":99.90", body);
        Assert.Contains("\"paymentTypeCode\":7", body);
        Assert.Contains("\"receiptId\":\"000123\"", body);
        Assert.Contains("\"terminalId\":\"kassa-2\"", body);
        Assert.Contains("\"description\":", body);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(-1, 5)]
    [InlineData(10.005, 5)]
    [InlineData(10, 0)]
    public async Task Pay_InvalidRequest_ThrowsArgumentExceptionAndSendsNothing(decimal amount, int code)
    {
        using var pos = new PosClient(gateway.BaseAddress);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => pos.Client.PayAsync(TestClients.Request(amount, code)));

        Assert.Empty(pos.Wire.Calls);
    }

    [Fact]
    public async Task Pay_DisposedClient_ThrowsObjectDisposed()
    {
        var client = new LocalPayClient(TestClients.Options(gateway.BaseAddress));

        client.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.PayAsync(TestClients.Request()));
    }
}
