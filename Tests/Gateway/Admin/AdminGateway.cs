using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Tests.Support;

namespace Tests.Gateway.Admin;

/// <summary>
/// The real gateway (Program) on Kestrel at 127.0.0.1 with a real journal, pointed at a copy of a real emulator's
/// settings bundle (so saving through the admin page writes real files), background rechecks pushed out of the way.
/// </summary>
public sealed class AdminGateway : IDisposable
{
    private readonly GatewayHarness _factory;

    private AdminGateway(GatewayHarness factory, TempDirectory settings)
    {
        _factory = factory;
        Settings = settings;
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = new Uri(addresses.First());
        Api = new HttpClient { BaseAddress = BaseUrl };
    }

    public TempDirectory Settings { get; }
    public Uri BaseUrl { get; }
    public HttpClient Api { get; }
    public IServiceProvider Services => _factory.Services;
    public GatewayHarness Factory => _factory;

    public string SettingsFile => Settings.File("WebMoneySettings.txt");

    public string PageUrl(string hash = "status") => new Uri(BaseUrl, "/admin#" + hash).ToString();

    public static AdminGateway Start(string bundleDirectory, Action<GatewayHarness>? configure = null)
    {
        var settings = new TempDirectory("admin-settings");
        foreach (var file in Directory.GetFiles(bundleDirectory))
        {
            File.Copy(file, Path.Combine(settings.Path, Path.GetFileName(file)));
        }
        var factory = new GatewayHarness();
        factory.UseSettingsDirectory(settings.Path);
        // The background recheck of unresolved payments stays out of the way: «Проверить сейчас» is what is tested.
        factory.Config("Gateway:RecheckFirstIntervalSeconds", "3600");
        configure?.Invoke(factory);
        factory.ListenOn();
        return new AdminGateway(factory, settings);
    }

    /// <summary>A new payment through the API (real emulator behind): its id and WebMoney transaction id.</summary>
    public async Task<(string Id, string TransactionId)> CreatePaymentAsync(string terminalId, decimal amount = 1234.50m, string system = "sbp")
    {
        var response = await Api.PostAsJsonAsync("/payments", new { amount, paymentSystem = system, terminalId, receiptId = "000123" });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return (body.GetProperty("id").GetString()!, body.GetProperty("transactionId").GetString()!);
    }

    public async Task<JsonElement> WaitFinalAsync(string id)
    {
        for (var i = 0; i < 6; i++)
        {
            var payment = await Api.GetFromJsonAsync<JsonElement>($"/payments/{id}?waitSeconds=10");
            if (payment.GetProperty("status").GetString() != "pending")
            {
                return payment;
            }
        }
        throw new TimeoutException("The payment did not end within a minute.");
    }

    public async Task<JsonElement> EventsAsync(string id) => await Api.GetFromJsonAsync<JsonElement>($"/payments/{id}/events");

    /// <summary>Waits (on the history itself, not a clock) until WebMoney answered "not paid yet" at least <paramref name="times"/> times.</summary>
    public async Task WaitForWaitingAnswersAsync(string id, int times)
    {
        for (var i = 0; i < 600; i++)
        {
            var events = await EventsAsync(id);
            if (events.GetProperty("items").EnumerateArray().Any(e => e.GetProperty("operation").GetString() == "GetPaymentStatus"
                && e.GetProperty("outcome").GetString() == "success" && e.GetProperty("count").GetInt32() >= times))
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"WebMoney did not answer the status {times} times.");
    }

    public void Dispose()
    {
        Api.Dispose();
        _factory.Dispose();
        Settings.Dispose();
    }
}

/// <summary>Certificates for the upload tests, made on the spot.</summary>
public static class TestCertificates
{
    public static byte[] Pfx(string password, DateTimeOffset notBefore, DateTimeOffset notAfter, bool withPrivateKey = true)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=N100, O=Test shop", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        if (withPrivateKey)
        {
            return certificate.Export(X509ContentType.Pkcs12, password);
        }
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert));
        return publicOnly.Export(X509ContentType.Pkcs12, password);
    }

    public static byte[] ValidPfx(string password) => Pfx(password, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
}
