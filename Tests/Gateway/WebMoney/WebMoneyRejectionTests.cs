using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.WebMoney;
using Microsoft.Extensions.Time.Testing;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.WebMoney;

/// <summary>What the emulator and the client refuse: wrong certificates, keys, clocks and servers.</summary>
public sealed class WebMoneyRejectionTests(FakeClockEmulatorFixture emulator) : IClassFixture<FakeClockEmulatorFixture>
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Call_WithAnotherClientCertificate_IsRejectedBeforeReachingTheService()
    {
        using var stranger = SelfSigned("CN=N100", "1.3.6.1.5.5.7.3.2");
        var client = emulator.ClientFor(emulator.Connection with { ClientCertificate = stranger });
        var callsBefore = emulator.Host.GetStats()[PosApi.GetPaymentStatus];

        var status = await client.GetPaymentStatusAsync("x", CallTimeout, CancellationToken.None);

        var error = Assert.IsType<WebMoneyOutcome<StatusAnswer>.TechnicalError>(status);
        // The server checks the certificate after the TLS handshake and just closes: the client sees the
        // response end, which it cannot tell from a dropped connection.
        Assert.Equal(TechnicalErrorKind.Connect, error.Kind);
        Assert.Equal(callsBefore, emulator.Host.GetStats()[PosApi.GetPaymentStatus]);
    }

    [Fact]
    public async Task Call_SignedWithWrongAgentKey_IsRefusedAsBadSignature()
    {
        var settings = emulator.Connection.Settings with { AgentKey = "not-the-agent-key" };
        var client = emulator.ClientFor(emulator.Connection with { Settings = settings });

        var create = await client.CreateQrPaymentAsync(new CreateQrCommand("wrong-key", WirePaymentSystem.Sbp, 1m, "RUB", null), CallTimeout, CancellationToken.None);

        var refusal = Assert.IsType<WebMoneyOutcome<QrCreated>.Refusal>(create);
        Assert.Equal(ResultCodes.BadSignature, refusal.ResultCode);
        Assert.DoesNotContain(emulator.Host.GetTransactions(), t => t.ExternalId == "wrong-key");
    }

    [Fact]
    public async Task Call_WithUnknownAgent_IsRefused()
    {
        var settings = emulator.Connection.Settings with { AgentId = "9999" };
        var client = emulator.ClientFor(emulator.Connection with { Settings = settings });

        var status = await client.GetPaymentStatusAsync("x", CallTimeout, CancellationToken.None);

        Assert.Equal(ResultCodes.UnknownAgent, Assert.IsType<WebMoneyOutcome<StatusAnswer>.Refusal>(status).ResultCode);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(-10)]
    public async Task Call_FromClockTenMinutesOff_IsRefusedAsClockSkew(int minutes)
    {
        var skewed = new FakeTimeProvider(emulator.Time.GetUtcNow().AddMinutes(minutes));
        var client = emulator.ClientFor(emulator.Connection, skewed);

        var status = await client.GetPaymentStatusAsync("x", CallTimeout, CancellationToken.None);

        Assert.Equal(ResultCodes.ClockSkew, Assert.IsType<WebMoneyOutcome<StatusAnswer>.Refusal>(status).ResultCode);
    }

    [Fact]
    public async Task Call_FromClockFourMinutesOff_IsAccepted()
    {
        var skewed = new FakeTimeProvider(emulator.Time.GetUtcNow().AddMinutes(4));
        var client = emulator.ClientFor(emulator.Connection, skewed);

        var create = await client.CreateQrPaymentAsync(new CreateQrCommand(Guid.NewGuid().ToString("N"), WirePaymentSystem.Sbp, 1m, "RUB", null), CallTimeout, CancellationToken.None);

        Assert.IsType<WebMoneyOutcome<QrCreated>.Success>(create);
    }

    [Fact]
    public async Task Call_ToServerWhoseCertificateDoesNotMatchThePin_IsTlsError()
    {
        using var otherServer = SelfSigned("CN=localhost", "1.3.6.1.5.5.7.3.1");
        var client = emulator.ClientFor(emulator.Connection with { PinnedServerCertificate = otherServer });

        var status = await client.GetPaymentStatusAsync("x", CallTimeout, CancellationToken.None);

        Assert.Equal(TechnicalErrorKind.Tls, Assert.IsType<WebMoneyOutcome<StatusAnswer>.TechnicalError>(status).Kind);
    }

    [Fact]
    public async Task Call_WithoutPin_ToSelfSignedServer_IsTlsError()
    {
        var client = emulator.ClientFor(emulator.Connection with { PinnedServerCertificate = null });

        var status = await client.GetPaymentStatusAsync("x", CallTimeout, CancellationToken.None);

        Assert.Equal(TechnicalErrorKind.Tls, Assert.IsType<WebMoneyOutcome<StatusAnswer>.TechnicalError>(status).Kind);
    }

    [Fact]
    public async Task Call_ToServerThatIsDown_IsConnectError()
    {
        var settings = emulator.Connection.Settings with { ServerAddress = "https://127.0.0.1:" + FreePort() };
        var client = emulator.ClientFor(emulator.Connection with { Settings = settings });

        var status = await client.GetPaymentStatusAsync("x", CallTimeout, CancellationToken.None);

        var error = Assert.IsType<WebMoneyOutcome<StatusAnswer>.TechnicalError>(status);
        Assert.Equal(TechnicalErrorKind.Connect, error.Kind);
        Assert.DoesNotContain(settings.AgentKey, error.Message);
        Assert.DoesNotContain(settings.CertificatePassword, error.Message);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static X509Certificate2 SelfSigned(string subject, string usage)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }
}
