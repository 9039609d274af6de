using Gateway.WebMoney;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.Gateway.WebMoney;

/// <summary>GetTransactions (SPEC §5, §11) through the WCF client against the real emulator, signed and over mutual TLS.</summary>
public sealed class GetTransactionsTests(FakeClockEmulatorFixture emulator) : IClassFixture<FakeClockEmulatorFixture>
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task GetTransactions_ReturnsThoseCreatedInThePeriod_AsTheyStandNow()
    {
        var t0 = emulator.Time.GetUtcNow();
        var paid = await CreateAsync("gt-a-" + Guid.NewGuid().ToString("N"), WirePaymentSystem.Sbp, 10.50m);
        emulator.Host.Pay(paid.TransactionId, out _);
        emulator.Time.Advance(TimeSpan.FromHours(2));
        var later = await CreateAsync("gt-b-" + Guid.NewGuid().ToString("N"), WirePaymentSystem.WeChat, 20m);

        var first = await emulator.Client.GetTransactionsAsync(t0.AddSeconds(-1), t0.AddHours(1), CallTimeout, CancellationToken.None);
        var second = await emulator.Client.GetTransactionsAsync(t0.AddHours(1), t0.AddHours(3), CallTimeout, CancellationToken.None);

        var inFirst = Assert.IsType<WebMoneyOutcome<TransactionList>.Success>(first).Value.Transactions;
        var inSecond = Assert.IsType<WebMoneyOutcome<TransactionList>.Success>(second).Value.Transactions;
        var a = Assert.Single(inFirst, t => t.TransactionId == paid.TransactionId);
        Assert.DoesNotContain(inFirst, t => t.TransactionId == later.TransactionId);
        Assert.Equal((WirePaymentSystem.Sbp, 10.50m, "RUB", WireStatus.Paid, 0m), (a.PaymentSystem, a.Amount, a.Currency, a.Status, a.RefundedAmount));
        Assert.Equal(t0, a.CreatedAt, TimeSpan.FromSeconds(1));
        Assert.Equal(t0, a.PaidAt!.Value, TimeSpan.FromSeconds(1));
        var b = Assert.Single(inSecond, t => t.TransactionId == later.TransactionId);
        Assert.Null(b.PaidAt);
        Assert.Equal(WireStatus.Created, b.Status);
        Assert.StartsWith("gt-b-", b.ExternalId);
    }

    [Fact]
    public async Task GetTransactions_FaultQueuedForTheOperation_TechnicalErrorAndCountedInStats()
    {
        var before = emulator.Host.GetStats()[PosApi.GetTransactions];
        emulator.Host.AddFault(PosApi.GetTransactions, FaultKind.Garbage);
        var now = emulator.Time.GetUtcNow();

        var outcome = await emulator.Client.GetTransactionsAsync(now.AddDays(-1), now, CallTimeout, CancellationToken.None);

        Assert.IsType<WebMoneyOutcome<TransactionList>.TechnicalError>(outcome);
        Assert.Equal(before + 1, emulator.Host.GetStats()[PosApi.GetTransactions]);
    }

    [Fact]
    public async Task GetTransactions_PeriodBackwards_Refused()
    {
        var now = emulator.Time.GetUtcNow();

        var outcome = await emulator.Client.GetTransactionsAsync(now, now.AddHours(-1), CallTimeout, CancellationToken.None);

        Assert.Equal(ResultCodes.BadRequest, Assert.IsType<WebMoneyOutcome<TransactionList>.Refusal>(outcome).ResultCode);
    }

    private async Task<QrCreated> CreateAsync(string externalId, string system, decimal amount)
    {
        var created = await emulator.Client.CreateQrPaymentAsync(new CreateQrCommand(externalId, system, amount, "RUB", null), CallTimeout, CancellationToken.None);
        return Assert.IsType<WebMoneyOutcome<QrCreated>.Success>(created).Value;
    }
}
