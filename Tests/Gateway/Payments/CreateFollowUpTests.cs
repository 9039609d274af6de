using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.Gateway.Payments;

/// <summary>
/// Issue #23.3 (SPEC §4) through the real emulator: a create given up while it may have reached WebMoney is followed
/// up in the background (re-sent with the same ExternalId, the transaction learnt is cancelled); until WebMoney
/// confirms "not paid" the payment is unresolved and on the attention list, so no open transaction is left behind.
/// </summary>
public sealed class CreateFollowUpTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private GatewayHarness Gateway(out global::Tests.Reliability.PaymentEvents events, int timeoutSeconds = 60) =>
        new GatewayHarness().UseEmulatorSettings(emulator, timeoutSeconds).RecheckFirstAfter(0.5).Observe(out events);

    [Fact]
    public async Task Create_EveryAnswerLostUntilGivenUp_FollowedUp_TransactionCancelledAtWebMoney_Resolved()
    {
        emulator.Host.ClearFaults();
        using var gateway = Gateway(out var events);
        var http = gateway.CreateClient();
        // MaxStatusErrors 3: four creates, each carried out at WebMoney (the same transaction), each answer lost.
        emulator.Host.AddFault(PosApi.CreateQrPayment, FaultKind.DropAfter, 4);

        var (status, body) = await PostAsync(http, "FU-drop");
        var id = body.GetProperty("paymentId").GetString()!;
        var ended = await events.FinalAsync(id);
        var attention = await http.GetFromJsonAsync<JsonElement>("/payments?attention=true");
        var resolved = await events.WaitForAsync(p => p.Id == id && p.IsFinal && !p.Unresolved, Within);

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal("webmoney_unavailable", body.GetProperty("code").GetString());
        Assert.True(ended.Unresolved);
        Assert.Contains(attention.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetString() == id);
        Assert.Equal("Failed", resolved.Status.ToString());
        Assert.Null(resolved.QrPayload);
        Assert.Equal(WireStatus.Cancelled, await emulator.StatusAtWebMoneyAsync(id));
        Assert.Single(emulator.Host.GetTransactions(), t => t.ExternalId == id);
    }

    [Fact]
    public async Task Create_WebMoneyHangsPastTheCreateBound_FollowedUp_TransactionCancelledAtWebMoney()
    {
        emulator.Host.ClearFaults();
        using var gateway = Gateway(out var events).Config("Gateway:CreateTimeoutSeconds", "2");
        var http = gateway.CreateClient();
        emulator.Host.AddFault(PosApi.CreateQrPayment, FaultKind.Hang, 1);

        var (status, body) = await PostAsync(http, "FU-hang");
        var id = body.GetProperty("paymentId").GetString()!;
        var ended = await events.FinalAsync(id);
        var resolved = await events.WaitForAsync(p => p.Id == id && p.IsFinal && !p.Unresolved, Within);

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.True(ended.Unresolved);
        Assert.Equal(WireStatus.Cancelled, await emulator.StatusAtWebMoneyAsync(id));
        Assert.Equal(resolved.TransactionId, emulator.Host.GetTransactions().Single(t => t.ExternalId == id).TransactionId);
    }

    [Fact]
    public async Task Create_ResentAfterLostAnswer_Refused_FailedButFollowedUp_NeverLeftOpenAtWebMoney()
    {
        emulator.Host.ClearFaults();
        using var gateway = Gateway(out var events);
        var http = gateway.CreateClient();
        // The first create is carried out and its answer lost; the re-send is refused (as for clock skew, code 11).
        emulator.Host.AddFault(PosApi.CreateQrPayment, FaultKind.DropAfter, 1);
        emulator.Host.AddFault(PosApi.CreateQrPayment, FaultKind.Refusal, 1, resultCode: ResultCodes.ClockSkew);

        var (status, body) = await PostAsync(http, "FU-refused");
        var id = body.GetProperty("paymentId").GetString()!;
        var ended = await events.FinalAsync(id);
        var resolved = await events.WaitForAsync(p => p.Id == id && p.IsFinal && !p.Unresolved, Within);

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal("webmoney_rejected", body.GetProperty("code").GetString());
        Assert.True(ended.Unresolved, "a refusal of a re-send proves nothing about the first send");
        Assert.Equal("Failed", resolved.Status.ToString());
        Assert.Equal(WireStatus.Cancelled, await emulator.StatusAtWebMoneyAsync(id));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient http, string terminalId)
    {
        var response = await http.PostAsJsonAsync("/payments", new { amount = 7m, paymentTypeCode = 5, terminalId });
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
