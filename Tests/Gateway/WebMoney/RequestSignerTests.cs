using Gateway.Settings;
using Gateway.WebMoney;
using Microsoft.Extensions.Time.Testing;
using WebMoneyContract;

namespace Tests.Gateway.WebMoney;

public sealed class RequestSignerTests
{
    private static readonly WebMoneySettings Settings = new()
    {
        AgentId = "1234", PosNumber = "N100", AgentKey = "secret", CrsId = "7", Wmid = "0", ServerAddress = "https://dev.runpay.com",
    };

    [Fact]
    public void Sign_Create_SignsTheSpecCanonicalStringWithWholeSecondUtcTime()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 30, 45, 678, TimeSpan.Zero));
        var signer = new RequestSigner(Settings, time);

        var request = signer.Sign(new CreateQrPaymentRequest { ExternalId = "p1", PaymentSystem = "Sbp", Amount = 1234.5m, Currency = "RUB" });

        Assert.Equal(new DateTime(2026, 3, 1, 12, 30, 45, DateTimeKind.Utc), request.RequestTime);
        Assert.Equal(DateTimeKind.Utc, request.RequestTime.Kind);
        Assert.Equal(PosApi.Sign("secret", "CreateQrPayment|1234|N100|7|2026-03-01T12:30:45Z|p1|Sbp|1234.50|RUB"), request.Signature);
        Assert.Equal(("1234", "N100", "0", "7"), (request.AgentId, request.PosNumber, request.Wmid, request.CrsId));
    }

    [Fact]
    public void Sign_StatusAndCancel_SignTheirOwnCanonicalStrings()
    {
        var signer = new RequestSigner(Settings, new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)));

        var status = signer.Sign(new GetPaymentStatusRequest { TransactionId = "t1" });
        var cancel = signer.Sign(new CancelPaymentRequest { TransactionId = "t1" });

        Assert.Equal(PosApi.Sign("secret", "GetPaymentStatus|1234|N100|7|2026-03-01T00:00:00Z|t1"), status.Signature);
        Assert.Equal(PosApi.Sign("secret", "CancelPayment|1234|N100|7|2026-03-01T00:00:00Z|t1"), cancel.Signature);
    }
}
