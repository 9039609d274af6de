using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Payments;
using Gateway.Storage;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.Reliability;

/// <summary>
/// P1, the edge cases: the customer pays at the worst moment. The outcome is paid, or latePaid later (logged,
/// on the attention list), never a silent failure.
/// </summary>
public sealed class PaidNeverLostTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    private async Task<(GatewayHarness Gateway, HttpClient Http, PaymentEvents Events, string Id, string TransactionId)> Start(
        double pollSeconds, int timeoutSeconds, string terminal)
    {
        emulator.Host.ClearFaults();
        var events = new PaymentEvents();
        var gateway = FaultCells.Gateway(emulator, events, pollSeconds, timeoutSeconds);
        var http = gateway.CreateClient();
        var created = await http.PostAsJsonAsync("/payments", new { amount = 250m, paymentTypeCode = 5, terminalId = terminal });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var transactionId = (await emulator.TransactionOfAsync(id))!.Value.GetProperty("transactionId").GetString()!;
        return (gateway, http, events, id, transactionId);
    }

    private static async Task<bool> OnAttentionList(HttpClient http, string id) =>
        (await http.GetFromJsonAsync<JsonElement>("/payments?attention=true")).GetProperty("items").EnumerateArray()
            .Any(p => p.GetProperty("id").GetString() == id);

    [Fact]
    public async Task Deadline_CustomerPaysRightAfterTheLastPoll_FinalCheckFindsItPaid()
    {
        var (gateway, _, events, id, transactionId) = await Start(pollSeconds: 1, timeoutSeconds: 3, "PN-last-poll");
        using var owned = gateway;
        var polls = await emulator.StatsAsync(PosApi.GetPaymentStatus);

        // Polls fall at +1 s and +2 s; the deadline at +3 s. Pay once the second (the last) has been answered.
        Assert.True(await Eventually.TrueAsync(async () => await emulator.StatsAsync(PosApi.GetPaymentStatus) >= polls + 2, Within, 10));
        emulator.Host.Pay(transactionId, out _);
        var final = await events.WaitForAsync(p => p.Id == id && p.IsFinal, Within);

        Assert.Equal(PaymentStatus.Paid, final.Status);
        Assert.Null(final.Error);
    }

    [Fact]
    public async Task Deadline_CancelAndFinalCheckBothFailWhileCustomerPaid_TimedOutThenLatePaidOnTheAttentionList()
    {
        // Polls every 60 s: the deadline's cancel and final check are the only calls after the create.
        var (gateway, http, events, id, transactionId) = await Start(pollSeconds: 60, timeoutSeconds: 2, "PN-deadline");
        using var owned = gateway;

        emulator.Host.Pay(transactionId, out _);
        emulator.Host.AddFault(PosApi.CancelPayment, FaultKind.Http500);
        emulator.Host.AddFault(PosApi.GetPaymentStatus, FaultKind.Garbage);
        var final = await events.WaitForAsync(p => p.Id == id && p.IsFinal, Within);
        var attentionBefore = await OnAttentionList(http, id);
        var late = await events.WaitForAsync(p => p.Id == id && p.LatePaid, Within);

        Assert.Equal(PaymentStatus.TimedOut, final.Status);
        Assert.EndsWith(CashierMessages.StillChecking, final.Error!.Message, StringComparison.Ordinal);
        Assert.True(attentionBefore);
        Assert.Equal(PaymentStatus.TimedOut, late.Status);
        Assert.True(await OnAttentionList(http, id));
        Assert.Contains(gateway.Logs.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Warning && r.Message.Contains("LATE PAID", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cashier_CancelAndFinalCheckBothFailWhileCustomerPaid_CancelledThenLatePaid()
    {
        var (gateway, http, events, id, transactionId) = await Start(pollSeconds: 60, timeoutSeconds: 5, "PN-cashier");
        using var owned = gateway;

        emulator.Host.Pay(transactionId, out _);
        emulator.Host.AddFault(PosApi.CancelPayment, FaultKind.Drop);
        emulator.Host.AddFault(PosApi.GetPaymentStatus, FaultKind.Temporary);
        var cancelled = await (await http.PostAsync($"/payments/{id}/cancel", null)).Content.ReadFromJsonAsync<JsonElement>();
        var late = await events.WaitForAsync(p => p.Id == id && p.LatePaid, Within);

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.EndsWith(CashierMessages.StillChecking, cancelled.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(PaymentStatus.Cancelled, late.Status);
        Assert.True(await OnAttentionList(http, id));
    }

    [Fact]
    public async Task Polling_CustomerPaysDuringAnErrorStreak_FailedThenLatePaid()
    {
        var (gateway, http, events, id, transactionId) = await Start(pollSeconds: 0.05, timeoutSeconds: 10, "PN-streak");
        using var owned = gateway;

        emulator.Host.AddFault(PosApi.GetPaymentStatus, FaultKind.SoapFault, 4);
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(emulator.Host.GetFaults().Sum(f => f.Remaining) < 4), Within, 5));
        emulator.Host.Pay(transactionId, out _);
        var final = await events.WaitForAsync(p => p.Id == id && p.IsFinal, Within);
        var late = await events.WaitForAsync(p => p.Id == id && p.LatePaid, Within);

        Assert.Equal(PaymentStatus.Failed, final.Status);
        Assert.Equal(PaymentErrorCodes.TechnicalErrors, final.Error!.Code);
        Assert.Equal(PaymentStatus.Failed, late.Status);
        Assert.True(await OnAttentionList(http, id));
    }
}
