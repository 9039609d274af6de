using Gateway.WebMoney;
using Tests.WebMoneyEmulator;
using WebMoneyContract;

namespace Tests.Gateway.WebMoney;

public sealed class WcfWebMoneyClientTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Create_ThenStatus_ReturnsQrAndPendingStatus()
    {
        var client = emulator.Client;
        var command = new CreateQrCommand(Guid.NewGuid().ToString("N"), WirePaymentSystem.Sbp, 1234.50m, "RUB", "Чек 1");

        var created = await client.CreateQrPaymentAsync(command, CallTimeout, CancellationToken.None);
        var qr = Assert.IsType<WebMoneyOutcome<QrCreated>.Success>(created).Value;
        var status = await client.GetPaymentStatusAsync(qr.TransactionId, CallTimeout, CancellationToken.None);

        Assert.StartsWith("https://qr.nspk.ru/AS1000", qr.QrPayload);
        Assert.Contains("sum=123450", qr.QrPayload);
        var answer = Assert.IsType<WebMoneyOutcome<StatusAnswer>.Success>(status).Value;
        Assert.Equal(WireStatus.Created, answer.Status);
    }
}
