using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.Gateway.Refunds;

/// <summary>
/// Issue #23.1 through the real emulator: WebMoney made the refund, its answer was lost (fault <c>dropAfter</c>), and
/// the re-send with the same RefundId was refused for clock skew (option <c>clockOffsetSeconds</c>). The refusal says
/// nothing about the first send: the refund stays pending, unresolved and reserved, is never reported failed, and
/// the background re-send learns it Completed once the clock is right.
/// </summary>
public sealed class RefundLostAnswerTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    // The re-send comes one poll interval after the lost answer: time enough to move the emulator's clock in between.
    private readonly GatewayHarness _gateway = new GatewayHarness().UseEmulatorSettings(emulator, RefundGateway.TimeoutSeconds)
        .PollEvery(2).RecheckFirstAfter(0.5).WithoutFloodLimits();

    public void Dispose()
    {
        emulator.Host.ClockOffset = TimeSpan.Zero;
        RefundGateway.Reset(emulator);
        _gateway.Dispose();
    }

    [Fact]
    public async Task Refund_ResentAfterLostAnswer_RefusedForClockSkew_StaysUnresolvedAndReserved_ThenSucceeds()
    {
        var http = _gateway.CreateClient();
        var id = (await http.PaidPaymentAsync(emulator, "RL-1", 300m)).GetProperty("id").GetString()!;
        var transactionId = emulator.Host.GetTransactions().Single(t => t.ExternalId == id).TransactionId;
        emulator.Host.AddFault(PosApi.RefundPayment, FaultKind.DropAfter);
        using var kassir = new global::KassirClient.LocalPayClient(
            new global::KassirClient.LocalPayClientOptions { BaseAddress = http.BaseAddress!, TerminalId = "RL-1" }, http);

        var refunding = kassir.RefundAsync(id, 300m);
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(emulator.Host.GetRefunds().Any(r => r.TransactionId == transactionId)), TimeSpan.FromSeconds(10)));
        emulator.Host.ClockOffset = TimeSpan.FromSeconds(600);
        var result = await refunding;
        var refund = (await http.RefundsOfAsync(id))[0];
        var refundId = refund.GetProperty("id").GetString()!;
        var resends = emulator.Host.GetStats()[PosApi.RefundPayment];
        // The background keeps re-sending with the same RefundId while the clock is off: still refused, still unresolved.
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(emulator.Host.GetStats()[PosApi.RefundPayment] > resends), TimeSpan.FromSeconds(10)));
        var stillUnresolved = await http.GetRefundAsync(refundId);
        var reserved = await http.GetPaymentAsync(id);
        var attention = await http.GetFromJsonAsync<JsonElement>("/refunds?attention=true");
        emulator.Host.ClockOffset = TimeSpan.Zero;
        var final = await http.WaitRefundFinalAsync(refundId);

        Assert.Equal(global::KassirClient.RefundOutcome.Unknown, result.Outcome);
        Assert.Equal("webmoney_unavailable", result.ErrorCode);
        Assert.DoesNotContain("Возврат не выполнен", result.Message, StringComparison.Ordinal);
        Assert.Equal("pending", stillUnresolved.GetProperty("status").GetString());
        Assert.True(stillUnresolved.GetProperty("unresolved").GetBoolean());
        Assert.Equal(0m, reserved.GetProperty("refundableAmount").GetDecimal());
        Assert.Contains(attention.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetString() == refundId);
        Assert.Equal("succeeded", final.GetProperty("status").GetString());
        Assert.False(final.GetProperty("unresolved").GetBoolean());
        Assert.Equal(1, emulator.RefundsAtWebMoney(refundId));
        Assert.Equal(300m, (await http.GetPaymentAsync(id)).GetProperty("refundedAmount").GetDecimal());
    }

    [Fact]
    public async Task Refund_ResentAfterLostAnswer_PostAnswers502Unavailable_WithTheRefundPendingAndReserved()
    {
        var http = _gateway.CreateClient();
        var id = (await http.PaidPaymentAsync(emulator, "RL-2", 300m)).GetProperty("id").GetString()!;
        var transactionId = emulator.Host.GetTransactions().Single(t => t.ExternalId == id).TransactionId;
        emulator.Host.AddFault(PosApi.RefundPayment, FaultKind.DropAfter);

        var posting = http.RefundAsync(id, new { amount = 120m });
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(emulator.Host.GetRefunds().Any(r => r.TransactionId == transactionId)), TimeSpan.FromSeconds(10)));
        emulator.Host.ClockOffset = TimeSpan.FromSeconds(600);
        var (status, body) = await posting;
        var reserved = await http.GetPaymentAsync(id);
        emulator.Host.ClockOffset = TimeSpan.Zero;
        var final = await http.WaitRefundFinalAsync(body.GetProperty("refundId").GetString()!);

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal("webmoney_unavailable", body.GetProperty("code").GetString());
        Assert.Equal(180m, reserved.GetProperty("refundableAmount").GetDecimal());
        Assert.Equal("succeeded", final.GetProperty("status").GetString());
    }
}
