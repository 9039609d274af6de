using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Tests.Support;

namespace Tests.Security;

/// <summary>Settings and Swagger from another computer; what a settings change leaves behind.</summary>
public sealed class SettingsTamperingTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly TempDirectory _settings = CopyOf(emulator.BundleDirectory);

    public void Dispose() => _settings.Dispose();

    [Theory]
    [InlineData("GET", "/settings")]
    [InlineData("PUT", "/settings")]
    [InlineData("GET", "/settings/payment-types")]
    [InlineData("GET", "/swagger/index.html")]
    [InlineData("GET", "/swagger/v1/swagger.json")]
    [InlineData("GET", "/sandbox")]
    public async Task SettingsAndSwagger_FromALanAddress_Are403LoopbackOnly(string method, string path)
    {
        using var factory = Gateway().Config("Gateway:ApiKey", "lan-key");
        using var http = factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add(RemoteAddressFromHeader.Header, "192.168.1.50");
        request.Headers.Add("X-Api-Key", "lan-key");
        if (method == "PUT")
        {
            request.Content = JsonContent.Create(new { timeoutSeconds = 300 });
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("loopback_only", await CrossSiteTests.CodeOf(response));
        Assert.DoesNotContain("TimeoutSeconds=300", File.ReadAllText(_settings.File("WebMoneySettings.txt")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task Settings_FromThisComputer_AreServed(string remote)
    {
        using var factory = Gateway();
        using var http = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/settings");
        request.Headers.Add(RemoteAddressFromHeader.Header, remote);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PaymentApi_FromALanAddressWithTheKey_IsServed()
    {
        using var factory = Gateway().Config("Gateway:ApiKey", "lan-key");
        using var http = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/payment-types");
        request.Headers.Add(RemoteAddressFromHeader.Header, "192.168.1.50");
        request.Headers.Add("X-Api-Key", "lan-key");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SettingsChange_IsAuditedWithOldAndNewValues_SecretsRedacted()
    {
        using var factory = Gateway();
        using var http = factory.CreateClient();
        var before = await http.GetFromJsonAsync<JsonElement>("/settings");
        var newKey = "new-agent-key-" + Guid.NewGuid().ToString("N");

        using var response = await http.PutAsJsonAsync("/settings", new { timeoutSeconds = 240, agentKey = newKey });
        var audit = factory.Logs.GetSnapshot().Where(r => r.Category == "Gateway.Settings.Audit").Select(r => r.Message).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = Assert.Single(audit);
        Assert.Contains($"TimeoutSeconds: \"{before.GetProperty("timeoutSeconds").GetInt32()}\" → \"240\"", line, StringComparison.Ordinal);
        Assert.Contains("AgentKey: *** → ***", line, StringComparison.Ordinal);
        Assert.DoesNotContain(newKey, line, StringComparison.Ordinal);
        Assert.DoesNotContain(Bundle.Secrets(_settings.Path)[0], line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://dev.runpay.com")]
    [InlineData("http://192.168.1.20:8080")]
    public async Task ServerAddressOverPlainHttpToAnotherHost_IsRefused_AndTheFileKeepsHttps(string address)
    {
        using var factory = Gateway();
        using var http = factory.CreateClient();
        var before = File.ReadAllText(_settings.File("WebMoneySettings.txt"));

        using var response = await http.PutAsJsonAsync("/settings", new { serverAddress = address });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("https://", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(_settings.File("WebMoneySettings.txt")));
    }

    private GatewayHarness Gateway() => new GatewayHarness().UseSettingsDirectory(_settings.Path)
        .WithServices(s => s.AddSingleton<IStartupFilter, RemoteAddressFromHeader>());

    internal static TempDirectory CopyOf(string directory)
    {
        var copy = new TempDirectory("sec-settings");
        foreach (var file in Directory.GetFiles(directory))
        {
            File.Copy(file, copy.File(Path.GetFileName(file)));
        }
        return copy;
    }
}

/// <summary>The emulator bundle's secrets, read the way an administrator would: from WebMoneySettings.txt.</summary>
internal static class Bundle
{
    /// <summary>[AgentKey, CertificatePassword].</summary>
    public static string[] Secrets(string directory)
    {
        var values = File.ReadAllLines(Path.Combine(directory, "WebMoneySettings.txt"))
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return [values["AgentKey"], values["CertificatePassword"]];
    }
}
