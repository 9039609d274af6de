using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Settings;
using Microsoft.Extensions.DependencyInjection;
using Tests.Support;

namespace Tests.Gateway.Payments;

/// <summary>
/// One gateway, many tills (SPEC §15), against the real emulator over mutual TLS: each till's payments and refunds go
/// out under its own PosNumber and certificate; a till's broken folder takes only that till out of service.
/// </summary>
public sealed class TillIdentityTests(TillsEmulatorFixture emulator) : IClassFixture<TillsEmulatorFixture>, IDisposable
{
    private readonly List<GatewayHarness> _gateways = [];

    public void Dispose()
    {
        foreach (var gateway in _gateways)
        {
            gateway.Dispose();
        }
    }

    [Fact]
    public async Task Create_OnTerminals1And2_GoOutAsN101AndN102_ATerminalWithoutAFolderAsTheStore()
    {
        var (_, http) = Gateway();

        var one = await http.CreatePaymentAsync("1");
        var two = await http.CreatePaymentAsync("2");
        var other = await http.CreatePaymentAsync("till-without-folder");

        Assert.Equal("N101", await PosNumberAtWebMoneyAsync(one.Id));
        Assert.Equal("N102", await PosNumberAtWebMoneyAsync(two.Id));
        Assert.Equal("N100", await PosNumberAtWebMoneyAsync(other.Id));
    }

    [Fact]
    public async Task Create_Till2SigningWithTill1sCertificate_RefusedByWebMoneyWithCode12()
    {
        var (gateway, http) = Gateway();
        var till1 = emulator.Host.Bundle.Terminals.Single(t => t.TerminalId == "1");
        var folder = Path.Combine(gateway.SettingsDirectory!, "terminals", "2");
        File.Copy(till1.ClientCertificatePath, Path.Combine(folder, "N102.pfx"), overwrite: true);
        File.WriteAllText(Path.Combine(folder, "WebMoneySettings.txt"), $"PosNumber=N102\nCertificatePassword={till1.CertificatePassword}\n");
        Reload(gateway);

        var response = await http.PostAsJsonAsync("/payments", new { amount = 10m, paymentSystem = "sbp", terminalId = "2" });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("webmoney_rejected", problem.GetProperty("code").GetString());
        Assert.Contains("Номер POS N102 не совпадает с сертификатом", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_BrokenFileOnTill2_Till2Gets503NamingItsFileAndLine_Till1StillPays()
    {
        var (gateway, http) = Gateway();
        File.AppendAllText(Path.Combine(gateway.SettingsDirectory!, "terminals", "2", "WebMoneySettings.txt"), "TimeoutSeconds=abc\n");
        Reload(gateway);

        var broken = await http.PostAsJsonAsync("/payments", new { amount = 10m, paymentSystem = "sbp", terminalId = "2" });
        var paid = await http.PaidPaymentAsync(emulator, "1");

        var problem = await broken.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, broken.StatusCode);
        Assert.Equal("not_configured", problem.GetProperty("code").GetString());
        Assert.Contains("terminals/2/WebMoneySettings.txt, строка 4", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("N101", await PosNumberAtWebMoneyAsync(paid.GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task Poll_AfterARestart_GoesOutUnderTheJournalledN102_SoThePaymentEndsPaid()
    {
        var gateway = new GatewayHarness { CrashOnStop = true }.UseEmulator(emulator, copySettings: true).WithoutFloodLimits().Start();
        _gateways.Add(gateway);
        var (id, transactionId) = await gateway.CreateClient().CreatePaymentAsync("2");

        var successor = await gateway.RestartAsync();
        _gateways.Add(successor);
        emulator.Host.Pay(transactionId, out _);
        var paid = await successor.CreateClient().WaitPaymentFinalAsync(id);

        Assert.Equal("paid", paid.GetProperty("status").GetString());
        Assert.Equal("N102", await PosNumberAtWebMoneyAsync(id));
    }

    [Fact]
    public async Task Refund_OfATill2Payment_GoesOutAsN102_AfterTill2sIdentityMovedToAnotherFolder()
    {
        var (gateway, http) = Gateway();
        var paid = await http.PaidPaymentAsync(emulator, "2");
        var terminals = Path.Combine(gateway.SettingsDirectory!, "terminals");
        Directory.Move(Path.Combine(terminals, "2"), Path.Combine(terminals, "9"));
        Reload(gateway);

        var (status, refund) = await http.RefundAsync(paid.GetProperty("id").GetString()!, new { amount = 40m });

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("succeeded", refund.GetProperty("status").GetString());
        Assert.Equal(1, emulator.RefundsAtWebMoney(refund.GetProperty("id").GetString()!));
        Assert.Equal("N100", await PosNumberAtWebMoneyAsync((await http.CreatePaymentAsync("2")).Id));
    }

    [Fact]
    public async Task Refund_OfATill2Payment_NoTillHasN102AnyMore_Refused503NamingIt_NothingSent()
    {
        var (gateway, http) = Gateway();
        var paid = await http.PaidPaymentAsync(emulator, "2");
        Directory.Delete(Path.Combine(gateway.SettingsDirectory!, "terminals", "2"), recursive: true);
        Reload(gateway);

        var (status, problem) = await http.RefundAsync(paid.GetProperty("id").GetString()!, new { amount = 40m });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("not_configured", problem.GetProperty("code").GetString());
        Assert.Contains("N102", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await http.RefundsOfAsync(paid.GetProperty("id").GetString()!)).GetArrayLength());
    }

    private (GatewayHarness Gateway, HttpClient Http) Gateway()
    {
        var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).WithoutFloodLimits();
        _gateways.Add(gateway);
        return (gateway, gateway.CreateClient());
    }

    private static void Reload(GatewayHarness gateway) => gateway.Services.GetRequiredService<SettingsStore>().Reload();

    private async Task<string?> PosNumberAtWebMoneyAsync(string paymentId) =>
        (await emulator.TransactionOfAsync(paymentId))?.GetProperty("posNumber").GetString();
}
