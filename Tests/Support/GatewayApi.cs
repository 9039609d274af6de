using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Payments;
using Gateway.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Tests.Reliability;

namespace Tests.Support;

/// <summary>
/// The REST calls many tests make the same way, on any client of a <see cref="GatewayHarness"/> (in memory or
/// Kestrel): create a payment, wait until it is final, a paid payment, a refund with its Idempotency-Key, a
/// refund's state, a payment's history; plus the few harness knobs those tests turn.
/// </summary>
public static class GatewayApi
{
    /// <summary>Creates a payment (201 expected) and returns the gateway's answer.</summary>
    public static async Task<JsonElement> PostPaymentAsync(this HttpClient http, string terminalId, decimal amount = 100m,
        string paymentSystem = "sbp", string? receiptId = null)
    {
        var body = new Dictionary<string, object> { ["amount"] = amount, ["paymentSystem"] = paymentSystem, ["terminalId"] = terminalId };
        if (receiptId is not null)
        {
            body["receiptId"] = receiptId;
        }
        var response = await http.PostAsJsonAsync("/payments", body);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, answer.ToString());
        return answer;
    }

    /// <summary>Creates a payment (201 expected): its id and WebMoney's transaction id.</summary>
    public static async Task<(string Id, string TransactionId)> CreatePaymentAsync(this HttpClient http, string terminalId,
        decimal amount = 100m, string paymentSystem = "sbp", string? receiptId = null)
    {
        var body = await http.PostPaymentAsync(terminalId, amount, paymentSystem, receiptId);
        return (body.GetProperty("id").GetString()!, body.GetProperty("transactionId").GetString()!);
    }

    public static Task<JsonElement> GetPaymentAsync(this HttpClient http, string id) =>
        http.GetFromJsonAsync<JsonElement>($"/payments/{id}");

    /// <summary>Long-polls (as the POS does) until the payment is no longer pending; a minute at most.</summary>
    public static async Task<JsonElement> WaitPaymentFinalAsync(this HttpClient http, string id)
    {
        for (var i = 0; i < 6; i++)
        {
            var payment = await http.GetFromJsonAsync<JsonElement>($"/payments/{id}?waitSeconds=10");
            if (payment.GetProperty("status").GetString() != "pending")
            {
                return payment;
            }
        }
        throw new TimeoutException($"The payment {id} did not end within a minute.");
    }

    /// <summary>Waits until the payment is final and asserts it ended <paramref name="status"/>.</summary>
    public static async Task<JsonElement> WaitPaymentAsync(this HttpClient http, string id, string status)
    {
        var payment = await http.WaitPaymentFinalAsync(id);
        Assert.True(payment.GetProperty("status").GetString() == status, $"payment {id} did not become {status}: {payment}");
        return payment;
    }

    /// <summary>A payment the customer paid at the emulator, as the gateway reports it (status paid asserted).</summary>
    public static async Task<JsonElement> PaidPaymentAsync(this HttpClient http, EmulatorFixture emulator, string terminalId, decimal amount = 100m)
    {
        var (id, transactionId) = await http.CreatePaymentAsync(terminalId, amount);
        emulator.Host.Pay(transactionId, out _);
        return await http.WaitPaymentAsync(id, "paid");
    }

    /// <summary>The cashier's cancel (200 expected): the payment as the gateway answers it.</summary>
    public static async Task<JsonElement> CancelPaymentAsync(this HttpClient http, string id)
    {
        var response = await http.PostAsync($"/payments/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The payment's history (GET /payments/{id}/events).</summary>
    public static Task<JsonElement> EventsAsync(this HttpClient http, string id) =>
        http.GetFromJsonAsync<JsonElement>($"/payments/{id}/events");

    /// <summary>Waits (on the history itself, not a clock) until WebMoney answered "not paid yet" at least <paramref name="times"/> times.</summary>
    public static async Task WaitForWaitingAnswersAsync(this HttpClient http, string id, int times)
    {
        for (var i = 0; i < 600; i++)
        {
            var events = await http.EventsAsync(id);
            if (events.GetProperty("items").EnumerateArray().Any(e => e.GetProperty("operation").GetString() == "GetPaymentStatus"
                && e.GetProperty("outcome").GetString() == "success" && e.GetProperty("count").GetInt32() >= times))
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"WebMoney did not answer the status {times} times.");
    }

    /// <summary>POST /payments/{id}/refunds with this body and, when given, an Idempotency-Key.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> RefundAsync(this HttpClient http, string paymentId, object body,
        string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/payments/{paymentId}/refunds") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    public static Task<JsonElement> GetRefundAsync(this HttpClient http, string id, int waitSeconds = 0) =>
        http.GetFromJsonAsync<JsonElement>($"/refunds/{id}?waitSeconds={waitSeconds}");

    /// <summary>Long-polls until the refund is final (or 30 s have passed; then its last state).</summary>
    public static async Task<JsonElement> WaitRefundFinalAsync(this HttpClient http, string id)
    {
        JsonElement refund = default;
        for (var i = 0; i < 6; i++)
        {
            refund = await http.GetRefundAsync(id, 5);
            if (refund.GetProperty("status").GetString() != "pending")
            {
                return refund;
            }
        }
        return refund;
    }

    /// <summary>The items of GET /payments/{id}/refunds.</summary>
    public static async Task<JsonElement> RefundsOfAsync(this HttpClient http, string paymentId) =>
        (await http.GetFromJsonAsync<JsonElement>($"/payments/{paymentId}/refunds")).GetProperty("items");

    /// <summary>The emulator's status of a gateway payment's transaction (null when WebMoney has none).</summary>
    public static async Task<string?> StatusAtWebMoneyAsync(this EmulatorFixture emulator, string paymentId) =>
        (await emulator.TransactionOfAsync(paymentId))?.GetProperty("status").GetString();

    /// <summary>How many refunds the emulator made under this RefundId (the gateway's refund id).</summary>
    public static int RefundsAtWebMoney(this EmulatorFixture emulator, string refundId) =>
        emulator.Host.GetRefunds().Count(r => r.RefundId == refundId);

    /// <summary>The first announced final state of the payment (already seen or still to come).</summary>
    public static Task<Payment> FinalAsync(this PaymentEvents events, string id, int seconds = 60) =>
        events.WaitForAsync(p => p.Id == id && p.IsFinal, TimeSpan.FromSeconds(seconds));

    /// <summary>Records every payment state the gateway announces (the observer the lifecycle tests wait on).</summary>
    public static GatewayHarness Observe(this GatewayHarness gateway, out PaymentEvents events)
    {
        var observer = new PaymentEvents();
        events = observer;
        return gateway.WithServices(s => s.AddSingleton<IPaymentObserver>(observer));
    }

    /// <summary>Gateway:PollIntervalSeconds (the harness's default is 0.05).</summary>
    public static GatewayHarness PollEvery(this GatewayHarness gateway, double seconds) =>
        gateway.Config("Gateway:PollIntervalSeconds", seconds.ToString(CultureInfo.InvariantCulture));

    /// <summary>The flood limiter out of the way (Security:*), for tests that send many requests on purpose.</summary>
    public static GatewayHarness WithoutFloodLimits(this GatewayHarness gateway) =>
        gateway.Config("Security:RequestsPerSecond", "1000000").Config("Security:Burst", "1000000");

    /// <summary>Gateway:RecheckFirstIntervalSeconds: when the background recheck of an unconfirmed ending first comes.</summary>
    public static GatewayHarness RecheckFirstAfter(this GatewayHarness gateway, double seconds) =>
        gateway.Config("Gateway:RecheckFirstIntervalSeconds", seconds.ToString(CultureInfo.InvariantCulture));

    /// <summary>A file of the settings directory the gateway reads (its own copy after <c>UseEmulator(…, copySettings: true)</c>).</summary>
    public static string SettingsFile(this GatewayHarness gateway, string name = "WebMoneySettings.txt") =>
        Path.Combine(gateway.SettingsDirectory ?? throw new InvalidOperationException("No settings directory set."), name);
}
