using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tests.Support;

namespace Tests.Gateway.Settings;

public sealed partial class SettingsApiTests : IAsyncLifetime
{
    private readonly TestSettingsDirectory _dir = new();
    private GatewayHarness _factory = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _factory = new GatewayHarness { EnvironmentName = "Production" }.UseSettingsDirectory(_dir.Path);
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Get_ReturnsTheFileAsJson_WithoutSecrets()
    {
        var response = await _client.GetAsync("/settings");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(text);
        Assert.Equal("N100", json.RootElement.GetProperty("posNumber").GetString());
        Assert.Equal(180, json.RootElement.GetProperty("timeoutSeconds").GetInt32());
        Assert.True(json.RootElement.GetProperty("agentKeySet").GetBoolean());
        Assert.True(json.RootElement.GetProperty("certificatePasswordSet").GetBoolean());
        Assert.True(json.RootElement.GetProperty("usable").GetBoolean());
        Assert.DoesNotContain("secret-agent-key", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pfx-password", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_ChangedValue_KeepsCommentsOrderUnknownKeysLineEndingsAndBom()
    {
        var original = "\uFEFF# Настройки WebMoney\r\n" + SettingsCorpus.Good.Replace("\n", "\r\n") + "Colour = blue\r\n";
        File.WriteAllText(_dir.File("WebMoneySettings.txt"), original, new UTF8Encoding(false));

        var response = await _client.PutAsJsonAsync("/settings", new { timeoutSeconds = 240, serviceAddress = "/PosIntegration2/ApiService.svc" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = original.Replace("TimeoutSeconds=180", "TimeoutSeconds=240");
        Assert.Equal(Encoding.UTF8.GetBytes(expected), _dir.Read("WebMoneySettings.txt"));
    }

    [Fact]
    public async Task Put_SecretLeftOut_KeepsTheStoredOne()
    {
        var response = await _client.PutAsJsonAsync("/settings", new { agentId = "99", agentKey = (string?)null });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = Encoding.UTF8.GetString(_dir.Read("WebMoneySettings.txt"));
        Assert.Contains("AgentId=99\n", file, StringComparison.Ordinal);
        Assert.Contains("AgentKey=secret-agent-key\n", file, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_NothingChanged_LeavesTheFileByteIdentical()
    {
        var before = _dir.Read("WebMoneySettings.txt");
        var stamp = File.GetLastWriteTimeUtc(_dir.File("WebMoneySettings.txt"));

        var response = await _client.PutAsJsonAsync("/settings", new { agentId = "1234", timeoutSeconds = 180 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, _dir.Read("WebMoneySettings.txt"));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(_dir.File("WebMoneySettings.txt")));
    }

    [Fact]
    public async Task Put_InvalidValues_Answers400PerField_AndLeavesTheFileByteIdentical()
    {
        var before = _dir.Read("WebMoneySettings.txt");

        var response = await _client.PutAsJsonAsync("/settings", new { timeoutSeconds = 0, serverAddress = "http://dev.runpay.com", agentId = "1\n2" });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("validation_failed", json.RootElement.GetProperty("code").GetString());
        var errors = json.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("agentId", out _));
        Assert.Equal(before, _dir.Read("WebMoneySettings.txt"));
    }

    [Fact]
    public async Task Put_ValidValuesButBadServerAddress_Answers400AndWritesNothing()
    {
        var before = _dir.Read("WebMoneySettings.txt");

        var response = await _client.PutAsJsonAsync("/settings", new { timeoutSeconds = 300, serverAddress = "http://dev.runpay.com" });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = json.RootElement.GetProperty("errors").GetProperty("serverAddress")[0].GetString();
        Assert.Contains("must start with https://", message, StringComparison.Ordinal);
        Assert.Equal(before, _dir.Read("WebMoneySettings.txt"));
    }

    [Fact]
    public async Task Put_NoFileYet_CreatesIt()
    {
        File.Delete(_dir.File("WebMoneySettings.txt"));

        var response = await _client.PutAsJsonAsync("/settings", new
        {
            agentId = "1234", posNumber = "N100", agentKey = "k", certificatePassword = TestSettingsDirectory.Password,
            serverAddress = "https://dev.runpay.com", serviceAddress = "/PosIntegration2/ApiService.svc", timeoutSeconds = 180, maxStatusErrors = 3,
        });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(json.RootElement.GetProperty("usable").GetBoolean(), json.RootElement.ToString());
        Assert.Contains("PosNumber=N100", Encoding.UTF8.GetString(_dir.Read("WebMoneySettings.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PaymentTypes_GetAndPut_RoundTheTable()
    {
        var put = await _client.PutAsJsonAsync("/settings/payment-types", new { sbp = 15, webMoney = 6, weChat = 0 });
        var got = await _client.GetFromJsonAsync<JsonElement>("/settings/payment-types");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(15, got.GetProperty("sbp").GetInt32());
        Assert.Equal(JsonValueKind.Null, got.GetProperty("weChat").ValueKind);
        Assert.Equal("Sbp=15\nWebMoney=6\nWeChat=0\nAlipay=0\n", Encoding.UTF8.GetString(_dir.Read("WebMoneyPaymentTypes.txt")));
    }

    [Fact]
    public async Task PaymentTypes_PutTwoSystemsOnOneCode_Answers400AndLeavesTheFile()
    {
        var before = _dir.Read("WebMoneyPaymentTypes.txt");

        var response = await _client.PutAsJsonAsync("/settings/payment-types", new { sbp = 5, webMoney = 5 });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("code 5 is already given to Sbp", json.RootElement.GetProperty("errors").GetProperty("webMoney")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, _dir.Read("WebMoneyPaymentTypes.txt"));
    }

    [Fact]
    public async Task Swagger_DescribesTheSettingsAndHealthEndpoints_WithTheirErrorAnswers()
    {
        var swagger = await _client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");

        var paths = swagger.GetProperty("paths");
        Assert.True(paths.GetProperty("/settings").GetProperty("put").GetProperty("responses").TryGetProperty("400", out _));
        Assert.True(paths.GetProperty("/settings/payment-types").GetProperty("put").GetProperty("responses").TryGetProperty("400", out _));
        Assert.True(paths.GetProperty("/health/ready").GetProperty("get").GetProperty("responses").TryGetProperty("503", out _));
    }

    [Fact]
    public async Task Put_IsAuditedInTheLog_WithOldAndNewValues_AndSecretsRedacted()
    {
        await using var factory = new GatewayHarness { EnvironmentName = "Production" }.UseSettingsDirectory(_dir.Path);
        var logs = factory.Logs;
        using var client = factory.CreateClient();

        await client.PutAsJsonAsync("/settings", new { timeoutSeconds = 240, agentKey = "brand-new-agent-key" });

        var audit = Assert.Single(logs.GetSnapshot(), r => r.Category == "Gateway.Settings.Audit").Message;
        Assert.Contains("TimeoutSeconds: \"180\" → \"240\"", audit, StringComparison.Ordinal);
        Assert.Contains("AgentKey: *** → ***", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Message.Contains("brand-new-agent-key", StringComparison.Ordinal) || r.Message.Contains("secret-agent-key", StringComparison.Ordinal));
    }
}
