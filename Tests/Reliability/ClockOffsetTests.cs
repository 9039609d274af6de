using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Gateway.Payments;
using Tests.Support;

namespace Tests.Reliability;

/// <summary>
/// P5 "time" with the real emulator: WebMoney's clock runs ahead of the POS (option clockOffsetSeconds). Within
/// the server's tolerance payments work and readiness warns above a minute; beyond it every signed request is
/// refused, the cashier is told to check the clock, and readiness says by how much.
/// </summary>
public sealed class ClockOffsetTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await SetOffset(0);

    private async Task SetOffset(double seconds) =>
        (await emulator.Control.PostAsJsonAsync("/emulator/options", new { clockOffsetSeconds = seconds })).EnsureSuccessStatusCode();

    private static async Task<JsonElement> Clock(HttpClient http)
    {
        var body = await (await http.GetAsync("/health/ready")).Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "clock");
    }

    [Fact]
    public async Task WebMoneyTenMinutesAhead_EveryRequestRefused_CashierToldToCheckTheClock_ReadinessShowsTheOffset()
    {
        await SetOffset(600);
        using var gateway = new GatewayHarness().UseEmulatorSettings(emulator).RecheckFirstAfter(600);
        var http = gateway.CreateClient();

        var response = await http.PostAsJsonAsync("/payments", new { amount = 1m, paymentTypeCode = 5, terminalId = "CO-far" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var clock = await Clock(http);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("webmoney_rejected", body.GetProperty("code").GetString());
        Assert.Contains("часы", body.GetProperty("detail").GetString());
        Assert.Equal("degraded", clock.GetProperty("status").GetString());
        Assert.InRange(clock.GetProperty("data").GetProperty("offsetSeconds").GetDouble(), 595, 605);
        Assert.Contains("behind WebMoney", clock.GetProperty("messages")[0].GetProperty("en").GetString());
    }

    [Fact]
    public async Task WebMoneyTwoMinutesAhead_PaymentWorks_ReadinessWarns()
    {
        await SetOffset(120);
        using var gateway = new GatewayHarness().UseEmulatorSettings(emulator).RecheckFirstAfter(600).Observe(out var events);
        var http = gateway.CreateClient();

        var (id, transactionId) = await http.CreatePaymentAsync("CO-near");
        emulator.Host.Pay(transactionId, out _);
        var paid = await events.FinalAsync(id);
        var clock = await Clock(http);

        Assert.Equal(global::Gateway.Storage.PaymentStatus.Paid, paid.Status);
        Assert.Equal("degraded", clock.GetProperty("status").GetString());
        Assert.InRange(clock.GetProperty("data").GetProperty("offsetSeconds").GetDouble(), 115, 125);
    }
}
