using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gateway.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tests.Support;

namespace Tests.Gateway.Refunds;

/// <summary>The whole gateway (in memory) against the real emulator, with the calls a refund test needs.</summary>
public sealed class RefundGateway : IDisposable
{
    public const int TimeoutSeconds = 4;
    private readonly GatewayHarness _factory;

    public RefundGateway(EmulatorFixture emulator)
    {
        Emulator = emulator;
        _factory = new GatewayHarness().UseSettingsDirectory(emulator.BundleDirectory)
            .Config("Gateway:RecheckFirstIntervalSeconds", "0.5")
            .Config("Security:RequestsPerSecond", "1000000").Config("Security:Burst", "1000000")
            .WithServices(s =>
            {
                s.RemoveAll<ISettingsStore>();
                // TimeoutSeconds bounds a refund's send phase and each call (a hang costs at most this long).
                s.AddSingleton(emulator.SettingsStore(TimeoutSeconds, maxStatusErrors: 3));
            });
        Http = _factory.CreateClient();
        Http.Timeout = TimeSpan.FromSeconds(60);
    }

    public EmulatorFixture Emulator { get; }
    public HttpClient Http { get; }

    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>A payment the customer paid at the emulator, as the gateway reports it.</summary>
    public async Task<JsonElement> PaidPaymentAsync(decimal amount, string terminal)
    {
        var payment = await CreatePaymentAsync(amount, terminal);
        Emulator.Host.Pay(payment.GetProperty("transactionId").GetString()!, out _);
        return await WaitPaymentAsync(payment.GetProperty("id").GetString()!, "paid");
    }

    public async Task<JsonElement> CreatePaymentAsync(decimal amount, string terminal)
    {
        var response = await Http.PostAsync("/payments", Json(new { amount, paymentTypeCode = 5, terminalId = terminal }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> WaitPaymentAsync(string id, string status)
    {
        JsonElement payment = default;
        for (var i = 0; i < 10; i++)
        {
            payment = await Http.GetFromJsonAsync<JsonElement>($"/payments/{id}?waitSeconds=5");
            if (payment.GetProperty("status").GetString() == status)
            {
                return payment;
            }
        }
        Assert.Fail($"payment {id} did not become {status}: {payment}");
        return payment;
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> RefundAsync(string paymentId, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/payments/{paymentId}/refunds") { Content = Json(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        var response = await Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public Task<JsonElement> GetPaymentAsync(string id) => Http.GetFromJsonAsync<JsonElement>($"/payments/{id}");

    public Task<JsonElement> GetRefundAsync(string id, int waitSeconds = 0) =>
        Http.GetFromJsonAsync<JsonElement>($"/refunds/{id}?waitSeconds={waitSeconds}");

    /// <summary>Long-polls until the refund is final (or 30 s have passed).</summary>
    public async Task<JsonElement> WaitRefundFinalAsync(string id)
    {
        JsonElement refund = default;
        for (var i = 0; i < 6; i++)
        {
            refund = await GetRefundAsync(id, 5);
            if (refund.GetProperty("status").GetString() != "pending")
            {
                return refund;
            }
        }
        return refund;
    }

    /// <summary>The emulator's refunds made under this RefundId (the gateway's refund id).</summary>
    public int AtWebMoney(string refundId) => Emulator.Host.GetRefunds().Count(r => r.RefundId == refundId);

    public void Dispose()
    {
        Http.Dispose();
        _factory.Dispose();
    }
}
