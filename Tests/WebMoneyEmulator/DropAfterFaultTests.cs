using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.WebMoney;
using Tests.Support;
using WebMoneyContract;

namespace Tests.WebMoneyEmulator;

/// <summary>
/// Fault kind <c>dropAfter</c> (SPEC §5): the operation IS carried out, then the connection is closed without an
/// answer. The client sees a cut connection; the emulator holds what the operation did.
/// </summary>
public sealed class DropAfterFaultTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    public async Task InitializeAsync() => (await emulator.Control.DeleteAsync("/emulator/faults")).EnsureSuccessStatusCode();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task DropAfter_OnCreate_TransactionExists_AnswerLost_ResendReturnsTheSameTransaction()
    {
        var command = new CreateQrCommand("drop-after-" + Guid.NewGuid().ToString("N"), "Sbp", 12.30m, "RUB", null);
        var posted = await emulator.Control.PostAsJsonAsync("/emulator/faults", new { operation = PosApi.CreateQrPayment, kind = "dropAfter", count = 1 });

        var lost = await emulator.Client.CreateQrPaymentAsync(command, CallTimeout, CancellationToken.None);
        var made = await emulator.TransactionOfAsync(command.ExternalId);
        var resent = await emulator.Client.CreateQrPaymentAsync(command, CallTimeout, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(TechnicalErrorKind.Connect, Assert.IsType<WebMoneyOutcome<QrCreated>.TechnicalError>(lost).Kind);
        Assert.NotNull(made);
        Assert.Equal(made.Value.GetProperty("transactionId").GetString(),
            Assert.IsType<WebMoneyOutcome<QrCreated>.Success>(resent).Value.TransactionId);
    }

    [Fact]
    public async Task DropAfter_OnCancel_TransactionIsCancelled_AnswerLost()
    {
        var qr = await CreateAsync();
        await emulator.FaultAsync(PosApi.CancelPayment, "dropAfter", 1);

        var lost = await emulator.Client.CancelPaymentAsync(qr.TransactionId, CallTimeout, CancellationToken.None);

        Assert.IsType<WebMoneyOutcome<CancelAnswer>.TechnicalError>(lost);
        Assert.Equal(WireStatus.Cancelled, emulator.Host.GetTransactions().Single(t => t.TransactionId == qr.TransactionId).Status);
    }

    [Fact]
    public async Task DropAfter_OnRefund_RefundIsMade_AnswerLost_CountedInStats()
    {
        var qr = await CreateAsync();
        emulator.Host.Pay(qr.TransactionId, out _);
        var before = await emulator.StatsAsync(PosApi.RefundPayment);
        await emulator.FaultAsync(PosApi.RefundPayment, "dropAfter", 1);

        var lost = await emulator.Client.RefundPaymentAsync(new RefundCommand(qr.TransactionId, "R-" + qr.TransactionId, 5m, "RUB"),
            CallTimeout, CancellationToken.None);

        Assert.IsType<WebMoneyOutcome<RefundAnswer>.TechnicalError>(lost);
        Assert.Single(emulator.Host.GetRefunds(), r => r.TransactionId == qr.TransactionId && r.Status == WireRefundStatus.Completed);
        Assert.Equal(before + 1, await emulator.StatsAsync(PosApi.RefundPayment));
        Assert.Empty(await emulator.Control.GetFromJsonAsync<JsonElement[]>("/emulator/faults") ?? []);
    }

    private async Task<QrCreated> CreateAsync()
    {
        var outcome = await emulator.Client.CreateQrPaymentAsync(
            new CreateQrCommand(Guid.NewGuid().ToString("N"), "Sbp", 10m, "RUB", null), CallTimeout, CancellationToken.None);
        return Assert.IsType<WebMoneyOutcome<QrCreated>.Success>(outcome).Value;
    }
}
