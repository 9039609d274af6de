using System.Security.Cryptography.X509Certificates;
using Gateway.WebMoney;
using Microsoft.Extensions.Logging.Abstractions;
using WebMoneyContract;
using WebMoneyEmulator;
using WebMoneyEmulator.Bundle;

namespace Tests.WebMoneyEmulator;

/// <summary>The settings bundle: written on first start, reused (pin still valid) on the next.</summary>
public sealed class BundleTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "wm-bundle-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Start_OnEmptyDirectory_WritesACompleteBundle()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorHostOptions { BundleDirectory = _directory });

        var settings = Lines(EmulatorBundle.SettingsFileName);
        Assert.Contains("Mode=QrReceipt", settings);
        Assert.Contains("AgentId=1234", settings);
        Assert.Contains("PosNumber=N100", settings);
        Assert.Contains("TimeoutSeconds=180", settings);
        Assert.Contains("MaxStatusErrors=3", settings);
        Assert.Contains($"ServerAddress=https://127.0.0.1:{host.SoapUrl.Port}", settings);
        Assert.Contains("ServiceAddress=/PosIntegration2/ApiService.svc", settings);
        Assert.Contains("ServerCertificate=emulator-server.cer", settings);
        Assert.Contains(settings, l => l.StartsWith("AgentKey=", StringComparison.Ordinal) && l.Length > 30);
        Assert.Contains(settings, l => l.StartsWith("CertificatePassword=", StringComparison.Ordinal) && l.Length > 25);
        Assert.Equal(["Sbp=5", "WebMoney=6", "WeChat=7", "Alipay=8"], Lines(EmulatorBundle.PaymentTypesFileName));
        Assert.Equal(host.Endpoint, new Uri($"https://127.0.0.1:{host.SoapUrl.Port}/PosIntegration2/ApiService.svc"));
    }

    [Fact]
    public async Task Start_OnEmptyDirectory_IssuesAPasswordProtectedClientCertificateForTwoYears()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorHostOptions { BundleDirectory = _directory });

        using var client = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(_directory, "N100.pfx"), host.Bundle.CertificatePassword);
        using var server = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_directory, "emulator-server.cer"));

        Assert.True(client.HasPrivateKey);
        Assert.InRange(client.NotAfter.ToUniversalTime(), DateTime.UtcNow.AddDays(700), DateTime.UtcNow.AddDays(731));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(
            () => X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(_directory, "N100.pfx"), "wrong password"));
        Assert.False(server.HasPrivateKey);
        var san = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("localhost", san.EnumerateDnsNames());
        Assert.Contains(System.Net.IPAddress.Loopback, san.EnumerateIPAddresses());
    }

    [Fact]
    public async Task Start_OnExistingBundle_ReusesItAndRewritesOnlyTheServerAddress()
    {
        EmulatorBundle first;
        await using (var host = await EmulatorHost.StartAsync(new EmulatorHostOptions { BundleDirectory = _directory }))
        {
            first = host.Bundle;
        }

        var path = Path.Combine(_directory, EmulatorBundle.SettingsFileName);
        File.AppendAllText(path, "# рукописный комментарий\r\nUnknownKey=kept\r\n");
        var edited = File.ReadAllLines(path);

        await using var again = await EmulatorHost.StartAsync(new EmulatorHostOptions { BundleDirectory = _directory, SoapUrl = "https://127.0.0.1:0" });
        var rewritten = File.ReadAllLines(path);

        Assert.Equal(first.AgentKey, again.Bundle.AgentKey);
        Assert.Equal(first.CertificatePassword, again.Bundle.CertificatePassword);
        Assert.Equal($"https://127.0.0.1:{again.SoapUrl.Port}", again.Bundle.ServerAddress);
        Assert.Equal(edited.Length, rewritten.Length);
        for (var i = 0; i < edited.Length; i++)
        {
            Assert.Equal(edited[i].StartsWith("ServerAddress=", StringComparison.Ordinal) ? $"ServerAddress={again.Bundle.ServerAddress}" : edited[i], rewritten[i]);
        }
    }

    [Fact]
    public async Task Start_OnExistingBundle_KeepsTheCertificatesSoTheClientStillConnects()
    {
        string pinned;
        await using (var host = await EmulatorHost.StartAsync(new EmulatorHostOptions { BundleDirectory = _directory }))
        {
            using var cer = host.Bundle.LoadServerCertificate();
            pinned = cer.Thumbprint;
        }

        await using var again = await EmulatorHost.StartAsync(new EmulatorHostOptions { BundleDirectory = _directory });
        var connection = WebMoneyConnectionLoader.FromBundle(EmulatorBundle.Load(_directory));
        using var factory = new WebMoneyClientFactory(TimeProvider.System, new WebMoneyActivity(), NullLogger<WcfWebMoneyClient>.Instance);
        var created = await factory.GetClient(connection).CreateQrPaymentAsync(
            new CreateQrCommand("again", WirePaymentSystem.Sbp, 1m, "RUB", null), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(pinned, connection.PinnedServerCertificate!.Thumbprint);
        Assert.IsType<WebMoneyOutcome<QrCreated>.Success>(created);
    }

    [Fact]
    public async Task Start_OnIncompleteBundle_FailsNamingTheMissingFile()
    {
        await using (await EmulatorHost.StartAsync(new EmulatorHostOptions { BundleDirectory = _directory }))
        {
        }

        File.Delete(Path.Combine(_directory, "N100.pfx"));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => EmulatorHost.StartAsync(new EmulatorHostOptions { BundleDirectory = _directory }));
        Assert.Contains("N100.pfx", error.Message);
    }

    [Fact]
    public async Task Bundle_ToString_LeavesSecretsOut()
    {
        await using var host = await EmulatorHost.StartAsync(new EmulatorHostOptions { BundleDirectory = _directory });

        var text = host.Bundle.ToString();

        Assert.DoesNotContain(host.Bundle.AgentKey, text);
        Assert.DoesNotContain(host.Bundle.CertificatePassword, text);
        Assert.Contains("N100", text);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private string[] Lines(string file) => File.ReadAllLines(Path.Combine(_directory, file));
}
