using Gateway.WebMoney;
using Tests.Support;
using WebMoneyContract;

namespace Tests.WebMoneyEmulator;

public sealed class QrPayloadTests(FakeClockEmulatorFixture emulator) : IClassFixture<FakeClockEmulatorFixture>
{
    [Theory]
    [InlineData(WirePaymentSystem.Sbp, @"^https://qr\.nspk\.ru/AS1000[A-Z0-9]{26}\?type=02&bank=\d+&sum=150050&cur=RUB&crc=[0-9A-F]{4}$")]
    [InlineData(WirePaymentSystem.WeChat, @"^weixin://wxpay/bizpayurl\?pr=[A-Za-z0-9]{7}$")]
    [InlineData(WirePaymentSystem.Alipay, @"^https://qr\.alipay\.com/bax0[a-z0-9]{20}$")]
    [InlineData(WirePaymentSystem.WebMoney, @"^https://merchant\.web\.money/qr/[0-9a-f]{32}\?amount=1500\.50&cur=RUB$")]
    public async Task Create_IssuesThePaymentSystemsOwnKindOfQr(string system, string pattern)
    {
        var created = await emulator.Client.CreateQrPaymentAsync(
            new CreateQrCommand(Guid.NewGuid().ToString("N"), system, 1500.50m, "RUB", null), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Matches(pattern, Assert.IsType<WebMoneyOutcome<QrCreated>.Success>(created).Value.QrPayload);
    }

    [Theory]
    [InlineData("Visa", 1, "RUB")]
    [InlineData(WirePaymentSystem.Sbp, 0, "RUB")]
    [InlineData(WirePaymentSystem.Sbp, 1.001, "RUB")]
    [InlineData(WirePaymentSystem.Sbp, 1, "USD")]
    public async Task Create_WithInvalidParameters_IsRefusedAsBadRequest(string system, double amount, string currency)
    {
        var created = await emulator.Client.CreateQrPaymentAsync(
            new CreateQrCommand(Guid.NewGuid().ToString("N"), system, (decimal)amount, currency, null), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(ResultCodes.BadRequest, Assert.IsType<WebMoneyOutcome<QrCreated>.Refusal>(created).ResultCode);
    }
}
