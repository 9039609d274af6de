using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tests.Support;

namespace Tests.Gateway.Display;

/// <summary>The real path: POST /payments → WebMoney emulator over mutual TLS → journal → display page in Chromium.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class DisplayEndToEndTests(ChromiumFixture browser, EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly DisplayPage _page = new(browser);

    [Fact]
    public async Task CashierCreatesPayment_CustomerSeesQrAndPaysIt_DisplayShowsOplacheno()
    {
        using var gateway = new GatewayHarness().UseEmulatorSettings(emulator).ListenOn();
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        _page.Open(gateway.PageUrl("E2E-display"));
        _page.WaitPhase("idle");

        using var created = await http.PostAsync("/payments", new StringContent(
            """{"amount": 1234.50, "paymentTypeCode": 5, "terminalId": "E2E-display"}""", Encoding.UTF8, "application/json"));
        var payment = await created.Content.ReadFromJsonAsync<JsonElement>();
        _page.WaitPhase("awaiting");
        var shownPayload = _page.QrPayload;
        var shownQr = _page.QrSize();
        var shownAmount = _page.Text("amount");
        var shownSystem = _page.Text("system");
        _page.Screenshot("e2e-1-awaiting");
        var transaction = (await emulator.TransactionOfAsync(payment.GetProperty("id").GetString()!))!.Value;
        await emulator.ActAsync(transaction.GetProperty("transactionId").GetString()!, "pay");
        _page.WaitPhase("paid");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(payment.GetProperty("qr").GetProperty("payload").GetString(), shownPayload);
        Assert.StartsWith("https://qr.nspk.ru/", shownPayload, StringComparison.Ordinal);
        Assert.NotNull(shownQr);
        Assert.Equal("1 234,50 ₽", shownAmount);
        Assert.Equal("СБП", shownSystem);
        Assert.Contains("Оплачено", _page.Text("paid"), StringComparison.Ordinal);
        _page.Screenshot("e2e-2-paid");
    }
}
