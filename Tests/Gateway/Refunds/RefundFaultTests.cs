using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.Gateway.Refunds;

/// <summary>
/// Every fault kind of the emulator on RefundPayment and on GetRefundStatus: a refund never fails without WebMoney
/// saying so, ends once, and is made at WebMoney under one RefundId only.
/// </summary>
public sealed class RefundFaultTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(40);
    private readonly GatewayHarness _gateway = RefundGateway.Start(emulator);
    private HttpClient? _http;

    private HttpClient Http => _http ??= _gateway.CreateClient();

    public void Dispose()
    {
        RefundGateway.Reset(emulator);
        _gateway.Dispose();
    }

    [Theory]
    [InlineData("http500", HttpStatusCode.Created)]
    [InlineData("drop", HttpStatusCode.Created)]
    [InlineData("soapFault", HttpStatusCode.Created)]
    [InlineData("garbage", HttpStatusCode.Created)]
    [InlineData("temporary", HttpStatusCode.Created)]
    // A hang uses up the POST's whole time (RefundGateway.TimeoutSeconds): the answer is "unknown", the re-send settles it.
    [InlineData("hang", HttpStatusCode.BadGateway)]
    public async Task RefundPayment_OneFault_RefundEndsSucceededOnce_UnderOneRefundId(string kind, HttpStatusCode expected)
    {
        var id = (await Http.PaidPaymentAsync(emulator, "F-" + kind, 100m)).GetProperty("id").GetString()!;
        emulator.Host.AddFault(PosApi.RefundPayment, Enum.Parse<FaultKind>(kind, ignoreCase: true));

        var (status, body) = await Http.RefundAsync(id, new { amount = 40m });

        Assert.Equal(expected, status);
        var refundId = status == HttpStatusCode.Created ? body.GetProperty("id").GetString()! : body.GetProperty("refundId").GetString()!;
        if (status == HttpStatusCode.BadGateway)
        {
            Assert.Equal("webmoney_unavailable", body.GetProperty("code").GetString());
        }
        var final = await Http.WaitRefundFinalAsync(refundId);
        Assert.Equal("succeeded", final.GetProperty("status").GetString());
        Assert.False(final.GetProperty("unresolved").GetBoolean());
        Assert.Equal(1, emulator.RefundsAtWebMoney(refundId));
        Assert.Single(emulator.Host.GetRefunds(), r => r.TransactionId == emulator.Host.GetTransactions().Single(t => t.ExternalId == id).TransactionId);
        Assert.Equal(40m, (await Http.GetPaymentAsync(id)).GetProperty("refundedAmount").GetDecimal());
    }

    [Theory]
    [InlineData("http500")]
    [InlineData("drop")]
    [InlineData("soapFault")]
    [InlineData("garbage")]
    [InlineData("temporary")]
    public async Task RefundPayment_FaultsPastMaxStatusErrors_Unresolved_ThenSettledByTheResend(string kind)
    {
        var id = (await Http.PaidPaymentAsync(emulator, "FU-" + kind, 100m)).GetProperty("id").GetString()!;
        emulator.Host.AddFault(PosApi.RefundPayment, Enum.Parse<FaultKind>(kind, ignoreCase: true), count: 6);

        var (status, body) = await Http.RefundAsync(id, new { amount = 60m });
        var refundId = body.GetProperty("refundId").GetString()!;
        var unresolved = await Http.GetRefundAsync(refundId);
        var attention = await Http.GetFromJsonAsync<JsonElement>("/refunds?attention=true");
        var reserved = await Http.GetPaymentAsync(id);
        var final = await Http.WaitRefundFinalAsync(refundId);

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal("webmoney_unavailable", body.GetProperty("code").GetString());
        Assert.Equal("pending", unresolved.GetProperty("status").GetString());
        Assert.True(unresolved.GetProperty("unresolved").GetBoolean());
        Assert.Equal("webmoney_unavailable", unresolved.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(attention.GetProperty("items").EnumerateArray(), r => r.GetProperty("id").GetString() == refundId);
        Assert.Equal(40m, reserved.GetProperty("refundableAmount").GetDecimal());
        Assert.Equal("succeeded", final.GetProperty("status").GetString());
        Assert.Equal(1, emulator.RefundsAtWebMoney(refundId));
        Assert.DoesNotContain((await Http.GetFromJsonAsync<JsonElement>("/refunds?attention=true")).GetProperty("items").EnumerateArray(),
            r => r.GetProperty("id").GetString() == refundId);
    }

    [Theory]
    [InlineData("http500", 1)]
    [InlineData("drop", 1)]
    [InlineData("soapFault", 1)]
    [InlineData("garbage", 1)]
    [InlineData("temporary", 1)]
    [InlineData("hang", 1)]
    [InlineData("http500", 4)]
    [InlineData("drop", 4)]
    [InlineData("soapFault", 4)]
    [InlineData("garbage", 4)]
    [InlineData("temporary", 4)]
    public async Task GetRefundStatus_Faults_NeverFailTheRefund_ItCompletesWhenWebMoneyCompletesIt(string kind, int faults)
    {
        emulator.Host.RefundsPending = true;
        var id = (await Http.PaidPaymentAsync(emulator, $"FS-{kind}-{faults}", 100m)).GetProperty("id").GetString()!;
        var (status, refund) = await Http.RefundAsync(id, new { amount = 25m });
        Assert.Equal(HttpStatusCode.Created, status);
        var refundId = refund.GetProperty("id").GetString()!;

        emulator.Host.AddFault(PosApi.GetRefundStatus, Enum.Parse<FaultKind>(kind, ignoreCase: true), faults);
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(emulator.Host.GetFaults().Count == 0), Within, 20));
        // More faults in a row than MaxStatusErrors (3): unresolved, still pending, never failed.
        var expectUnresolved = faults > 3;
        Assert.True(await Eventually.TrueAsync(async () =>
            (await Http.GetRefundAsync(refundId)).GetProperty("unresolved").GetBoolean() == expectUnresolved, Within, 20));
        var during = await Http.GetRefundAsync(refundId);
        emulator.Host.CompleteRefund(refund.GetProperty("refundTransactionId").GetString()!, out _);
        var final = await Http.WaitRefundFinalAsync(refundId);

        Assert.Equal("pending", during.GetProperty("status").GetString());
        Assert.Equal("succeeded", final.GetProperty("status").GetString());
        Assert.False(final.GetProperty("unresolved").GetBoolean());
        Assert.Equal(1, emulator.RefundsAtWebMoney(refundId));
        Assert.Equal(25m, (await Http.GetPaymentAsync(id)).GetProperty("refundedAmount").GetDecimal());
    }
}
