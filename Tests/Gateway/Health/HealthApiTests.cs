using System.Net;
using System.Text.Json;
using Gateway.WebMoney;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tests.Gateway.Settings;
using Tests.Support;

namespace Tests.Gateway.Health;

public sealed class HealthApiTests : IDisposable
{
    private readonly TestSettingsDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<(HttpStatusCode Status, JsonElement Body, string Text)> Ready(Action<IServiceCollection>? services = null)
    {
        await using var factory = new GatewayHarness { EnvironmentName = "Production" }.UseSettingsDirectory(_dir.Path).WithServices(services ?? (_ => { }));
        using var client = factory.CreateClient();
        var response = await client.GetAsync("/health/ready");
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    private static JsonElement Check(JsonElement body, string name) =>
        body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    [Fact]
    public async Task Ready_GoodSettings_Answers200InLiveMode_WithTheCertificateExpiry_AndNoSecret()
    {
        var (status, body, text) = await Ready();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("ready").GetBoolean());
        Assert.Equal("live", body.GetProperty("mode").GetString());
        var certificate = Check(body, "certificate");
        Assert.Equal("healthy", certificate.GetProperty("status").GetString());
        Assert.Equal("CN=POS N100", certificate.GetProperty("data").GetProperty("subject").GetString());
        Assert.True(certificate.GetProperty("data").TryGetProperty("notAfter", out _));
        Assert.Equal("healthy", Check(body, "settings").GetProperty("status").GetString());
        Assert.DoesNotContain("secret-agent-key", text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSettingsDirectory.Password, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_BrokenSettingsFile_Answers503NamingTheLineInBothLanguages()
    {
        _dir.Write("WebMoneySettings.txt", SettingsCorpus.Replace("TimeoutSeconds", "TimeoutSeconds=abc"));

        var (status, body, _) = await Ready();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var message = Check(body, "settings").GetProperty("messages")[0];
        Assert.StartsWith("WebMoneySettings.txt, строка 9: TimeoutSeconds", message.GetProperty("ru").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("WebMoneySettings.txt, line 9: TimeoutSeconds must be", message.GetProperty("en").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_WrongCertificatePassword_Answers503WithTheCertificateMessage()
    {
        _dir.Write("WebMoneySettings.txt", SettingsCorpus.Replace("CertificatePassword", "CertificatePassword=wrong"));

        var (status, body, text) = await Ready();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var certificate = Check(body, "certificate");
        Assert.Equal("unhealthy", certificate.GetProperty("status").GetString());
        Assert.Contains("does not open with CertificatePassword", certificate.GetProperty("messages")[0].GetProperty("en").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("=wrong", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_CertificateExpiringIn10Days_StaysReadyWithAWarning()
    {
        _dir.WriteCertificate("N100.pfx", DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddDays(10));

        var (status, body, _) = await Ready();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("degraded", body.GetProperty("status").GetString());
        var certificate = Check(body, "certificate");
        Assert.Equal("degraded", certificate.GetProperty("status").GetString());
        Assert.Contains("осталось дней", certificate.GetProperty("messages")[0].GetProperty("ru").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_ReportsEveryRegisteredCheck_TheJournalsAndAnyOther()
    {
        var (status, body, _) = await Ready(s => s.AddHealthChecks().AddCheck("printer", () => HealthCheckResult.Unhealthy("printer offline")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("healthy", Check(body, "journal").GetProperty("status").GetString());
        Assert.Equal("printer offline", Check(body, "printer").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Ready_WebMoneyActivity_ShowsLastCall_AndTheClockCheckWarnsAboutTheOffset()
    {
        var activity = new WebMoneyActivity();
        activity.RecordAnswer(DateTimeOffset.UtcNow.AddSeconds(-30));
        activity.RecordClockSkew(TimeSpan.FromSeconds(-95));

        var (status, body, _) = await Ready(s => s.AddSingleton(activity));

        Assert.Equal(HttpStatusCode.OK, status);
        var webMoney = Check(body, "webmoney");
        Assert.Equal(-95, webMoney.GetProperty("data").GetProperty("clockSkewSeconds").GetDouble());
        Assert.True(webMoney.GetProperty("data").TryGetProperty("lastSuccessfulCallAt", out _));
        var clock = Check(body, "clock");
        Assert.Equal("degraded", clock.GetProperty("status").GetString());
        Assert.Equal(-95, clock.GetProperty("data").GetProperty("offsetSeconds").GetDouble());
        Assert.Contains("95 s ahead of WebMoney", clock.GetProperty("messages")[0].GetProperty("en").GetString(), StringComparison.Ordinal);
        Assert.Contains("95 с", clock.GetProperty("messages")[0].GetProperty("ru").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_ApiKeySet_WithoutTheKey_ShowsTheStatusOnly_NoPathEndpointPosOrCertificate()
    {
        await using var factory = new GatewayHarness { EnvironmentName = "Production" }.UseSettingsDirectory(_dir.Path).Config("Gateway:ApiKey", "k-123");
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/health/ready");
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("ready").GetBoolean());
        Assert.Equal("healthy", Check(body, "certificate").GetProperty("status").GetString());
        Assert.Equal("healthy", Check(body, "journal").GetProperty("status").GetString());
        foreach (var detail in new[] { _dir.Path, factory.Data.Path, "N100", "CN=POS", "runpay", "thumbprint", "subject", ".pfx", ".db" })
        {
            Assert.DoesNotContain(detail, text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.All(body.GetProperty("checks").EnumerateArray(), c => Assert.Empty(c.GetProperty("data").EnumerateObject()));
    }

    [Theory]
    [InlineData("k-123")]
    [InlineData(null)]
    public async Task Ready_WithTheKey_OrNoKeyConfigured_ShowsTheDetails(string? key)
    {
        await using var factory = new GatewayHarness { EnvironmentName = "Production" }.UseSettingsDirectory(_dir.Path).Config("Gateway:ApiKey", key);
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/ready");
        request.Headers.Add("X-Api-Key", "k-123");

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var certificate = Check(body, "certificate").GetProperty("data");
        Assert.Equal("CN=POS N100", certificate.GetProperty("subject").GetString());
        Assert.True(certificate.TryGetProperty("thumbprint", out _), text);
        Assert.Contains("N100", text, StringComparison.Ordinal);
        Assert.Contains(JsonEncoded(_dir.Path), text, StringComparison.Ordinal);
    }

    private static string JsonEncoded(string value) => JsonSerializer.Serialize(value)[1..^1];

    [Fact]
    public async Task Live_AnswersOkEvenWhenTheSettingsAreBroken()
    {
        File.Delete(_dir.File("WebMoneySettings.txt"));
        await using var factory = new GatewayHarness { EnvironmentName = "Production" }.UseSettingsDirectory(_dir.Path);
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
