using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Payments;
using Gateway.Settings;
using Gateway.Storage;
using Gateway.WebMoney;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tests.Support;

namespace Tests.Reliability;

/// <summary>
/// P1/P2 without a crash: WebMoney made the transaction but its answer to CreateQrPayment was lost on the way.
/// The gateway's call times out, the retry carries the same ExternalId, and WebMoney answers with the
/// transaction it already made: one transaction, one QR, and the payment completes.
/// </summary>
public sealed class LostAnswerTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private sealed class ProxiedSettings(SettingsSnapshot snapshot) : ISettingsStore
    {
        public SettingsSnapshot Current => snapshot;
    }

    [Fact]
    public async Task Create_AnswerLostAfterWebMoneyMadeTheTransaction_RetryGetsTheSameTransaction()
    {
        await using var proxy = new HoldingProxy(emulator.Host.SoapUrl);
        var bundle = emulator.Host.Bundle with { ServerAddress = $"https://127.0.0.1:{proxy.Port}" };
        var connection = WebMoneyConnectionLoader.FromBundle(bundle);
        var settings = connection.Settings with { TimeoutSeconds = 14, MaxStatusErrors = 3 };
        var store = new ProxiedSettings(new SettingsSnapshot
        {
            Settings = settings,
            Connection = connection with { Settings = settings },
            PaymentTypes = new PaymentTypeMap(bundle.PaymentTypeCodes.ToDictionary(kv => Enum.Parse<PaymentSystem>(kv.Key, true), kv => kv.Value)),
        });
        var events = new PaymentEvents();
        using var gateway = new GatewayHarness().UseEmulator(emulator)
            .Config("Gateway:PollIntervalSeconds", "60")
            .WithServices(s =>
            {
                s.RemoveAll<ISettingsStore>();
                s.AddSingleton<ISettingsStore>(store);
                s.AddSingleton<IPaymentObserver>(events);
            });
        var http = gateway.CreateClient();
        // Through the holding proxy no new TLS connection can be opened: a first payment leaves an idle one.
        var warmUp = await (await http.PostAsJsonAsync("/payments", new { amount = 1m, paymentTypeCode = 5, terminalId = "LA-warm" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        await http.PostAsync($"/payments/{warmUp.GetProperty("id").GetString()}/cancel", null);
        var before = emulator.Host.GetTransactions().Count;

        proxy.HoldAnswers = true;
        var create = http.PostAsJsonAsync("/payments", new { amount = 77m, paymentTypeCode = 5, terminalId = "LA-lost" });
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(emulator.Host.GetTransactions().Count > before), TimeSpan.FromSeconds(10), 5));
        proxy.HoldAnswers = false;
        var response = await create;
        var payment = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = payment.GetProperty("id").GetString()!;
        var transactions = emulator.Host.GetTransactions().Where(t => t.ExternalId == id).ToList();
        emulator.Host.Pay(transactions[0].TransactionId, out _);
        await http.PostAsync($"/payments/{id}/cancel", null);
        var final = await events.WaitForAsync(p => p.Id == id && p.IsFinal, TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Single(transactions);
        Assert.Equal(transactions[0].TransactionId, payment.GetProperty("transactionId").GetString());
        Assert.Equal(transactions[0].QrPayload, payment.GetProperty("qr").GetProperty("payload").GetString());
        Assert.Equal(PaymentStatus.Paid, final.Status);
    }
}
