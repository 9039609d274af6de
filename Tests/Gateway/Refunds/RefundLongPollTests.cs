using System.Text.Json;
using Gateway.Operations;
using Gateway.Refunds;
using Gateway.Storage;
using Microsoft.Extensions.DependencyInjection;
using Tests.Support;

namespace Tests.Gateway.Refunds;

/// <summary>
/// Several GET /refunds/{id}?waitSeconds=N on one pending refund (a cashier's till and the admin console, say), through
/// the whole gateway and the real emulator: each answers when WebMoney completes the refund, not at its own timeout.
/// </summary>
public sealed class RefundLongPollTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    // Far below the 40 s the long-polls would otherwise run to: an answer this late came at the timeout, not the change.
    private static readonly TimeSpan AtTheChange = TimeSpan.FromSeconds(10);
    private readonly GatewayHarness _gateway = RefundGateway.Start(emulator);
    private HttpClient? _http;

    private HttpClient Http => _http ??= _gateway.CreateClient();

    public void Dispose()
    {
        RefundGateway.Reset(emulator);
        _gateway.Dispose();
    }

    [Fact]
    public async Task TwoLongPolls_OnAPendingRefund_BothAnswerSucceededWhenWebMoneyCompletesIt()
    {
        var refund = await PendingRefundAsync("R-polls");
        var id = refund.GetProperty("id").GetString()!;
        var first = Http.GetRefundAsync(id, 40);
        var second = Http.GetRefundAsync(id, 40);
        Assert.True(await Eventually.TrueAsync(() => Waiting(id) == 2, AtTheChange));

        var completed = TimeProvider.System.GetTimestamp();
        await CompleteAtWebMoneyAsync(refund);
        var answers = await Task.WhenAll(first, second);
        var took = TimeProvider.System.GetElapsedTime(completed);

        Assert.All(answers, a => Assert.Equal("succeeded", a.GetProperty("status").GetString()));
        Assert.True(took < AtTheChange, $"answered {took} after the completion");
    }

    [Fact]
    public async Task TwoLongPolls_TheShorterEndsAtItsTimeout_TheLongerStillAnswersAtTheCompletion()
    {
        var refund = await PendingRefundAsync("R-polls-short");
        var id = refund.GetProperty("id").GetString()!;
        var longer = Http.GetRefundAsync(id, 40);
        var shorter = Http.GetRefundAsync(id, 1);
        Assert.True(await Eventually.TrueAsync(() => Waiting(id) == 2, AtTheChange));

        var shortAnswer = await shorter;
        var completed = TimeProvider.System.GetTimestamp();
        await CompleteAtWebMoneyAsync(refund);
        var longAnswer = await longer;
        var took = TimeProvider.System.GetElapsedTime(completed);

        Assert.Equal("pending", shortAnswer.GetProperty("status").GetString());
        Assert.Equal("succeeded", longAnswer.GetProperty("status").GetString());
        Assert.True(took < AtTheChange, $"answered {took} after the completion");
    }

    /// <summary>A paid payment and a refund of it that WebMoney accepted and holds Pending (option refundsPending).</summary>
    private async Task<JsonElement> PendingRefundAsync(string terminalId)
    {
        var payment = await Http.PaidPaymentAsync(emulator, terminalId, 500m);
        emulator.Host.RefundsPending = true;
        var (_, refund) = await Http.RefundAsync(payment.GetProperty("id").GetString()!, new { amount = 200m });
        Assert.Equal("pending", refund.GetProperty("status").GetString());
        return refund;
    }

    private async Task CompleteAtWebMoneyAsync(JsonElement refund) =>
        (await emulator.Control.PostAsync($"/emulator/refunds/{refund.GetProperty("refundTransactionId").GetString()}/complete", null))
            .EnsureSuccessStatusCode();

    private int Waiting(string refundId) => _gateway.Services.GetRequiredService<Waiters<Refund>>().WaitingOn(refundId);
}
