using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gateway.Settings;

namespace Tests.Gateway.Settings;

/// <summary>Values a text file cannot hold safely or a person cannot see, wrong JSON types, an empty table (issue #28 §2, §3).</summary>
public sealed partial class SettingsApiTests
{
    [Theory]
    [InlineData("agentKey", "AAA\u2028ServerAddress=https://evil.example", "U+2028")]
    [InlineData("serverAddress", "https://dev.runpay.com\u2029", "U+2029")]
    [InlineData("posNumber", "N1\uFEFF00", "U+FEFF")]
    [InlineData("agentId", "12\u200B34", "U+200B")]
    [InlineData("crsId", "\u202Eabc", "U+202E")]
    [InlineData("certificatePassword", "pass\u0007word", "U+0007")]
    [InlineData("wmid", "1234\u00A05678", "U+00A0")]
    [InlineData("serverCertificate", "N100\uE000.pfx", "U+E000")]
    [InlineData("mode", "Debug\r\nAgentKey=x", "U+000D")]
    public async Task Put_InvisibleOrControlCharacter_Answers400NamingTheFieldAndTheCharacter_AndWritesNothing(string field, string value, string code)
    {
        var before = _dir.Read("WebMoneySettings.txt");

        var response = await _client.PutAsJsonAsync("/settings", new Dictionary<string, string> { [field] = value });
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", json.RootElement.GetProperty("code").GetString());
        var message = json.RootElement.GetProperty("errors").GetProperty(field)[0].GetString()!;
        Assert.Contains(code, message, StringComparison.Ordinal);
        Assert.Contains($"({field})", message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        Assert.Equal(before, _dir.Read("WebMoneySettings.txt"));
    }

    [Fact]
    public async Task Put_LoneSurrogate_Answers400NamingTheField_AndWritesNothing()
    {
        var before = _dir.Read("WebMoneySettings.txt");
        using var body = new StringContent("""{"agentId":"12\uD800"}""", Encoding.UTF8, "application/json");

        var response = await _client.PutAsync("/settings", body);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty("agentId", out _), json.RootElement.ToString());
        Assert.Equal(before, _dir.Read("WebMoneySettings.txt"));
    }

    [Fact]
    public async Task Put_OverLongValue_Answers400NamingTheFieldAndTheCap_AndWritesNothing()
    {
        var before = _dir.Read("WebMoneySettings.txt");

        var response = await _client.PutAsJsonAsync("/settings", new { serverAddress = "https://dev.runpay.com/" + new string('a', 10_000) });
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"at most {SettingsValueRules.MaxLength} characters",
            json.RootElement.GetProperty("errors").GetProperty("serverAddress")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, _dir.Read("WebMoneySettings.txt"));
    }

    [Fact]
    public async Task Put_ValueAtTheCap_WithOrdinaryLettersSpacesAndCyrillic_IsWritten()
    {
        var agentKey = "Ключ 1 — " + new string('x', SettingsValueRules.MaxLength - 9);

        var response = await _client.PutAsJsonAsync("/settings", new { agentKey });
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.DoesNotContain(agentKey, text, StringComparison.Ordinal);
        Assert.Contains("AgentKey=" + agentKey + "\n", Encoding.UTF8.GetString(_dir.Read("WebMoneySettings.txt")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"timeoutSeconds":"abc"}""", "timeoutSeconds")]
    [InlineData("""{"maxStatusErrors":1.5}""", "maxStatusErrors")]
    [InlineData("""{"agentId":42}""", "agentId")]
    public async Task Put_WrongJsonType_Answers400ValidationFailedNamingTheField_AndWritesNothing(string body, string field)
    {
        var before = _dir.Read("WebMoneySettings.txt");
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await _client.PutAsync("/settings", content);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", json.RootElement.GetProperty("code").GetString());
        Assert.True(json.RootElement.GetProperty("errors").TryGetProperty(field, out _), json.RootElement.ToString());
        Assert.DoesNotContain("Failed to read parameter", json.RootElement.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, _dir.Read("WebMoneySettings.txt"));
    }

    [Fact]
    public async Task Put_BrokenJson_Answers400MalformedJson()
    {
        using var content = new StringContent("""{"timeoutSeconds":""", Encoding.UTF8, "application/json");

        var response = await _client.PutAsync("/settings", content);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("malformed_json", json.RootElement.GetProperty("code").GetString());
    }

    // A typo ("spb") is an unknown member: the unknown-member guard names it (errors.spb) before the handler would say
    // that no system is named (errors.body); either way 400 and the file untouched.
    [Theory]
    [InlineData("{}", "body", "sbp, webMoney, weChat, alipay")]
    [InlineData("""{"spb":5}""", "spb", "spb")]
    public async Task PaymentTypes_PutNamingNoSystem_Answers400_AndLeavesTheFile(string body, string field, string said)
    {
        var before = _dir.Read("WebMoneyPaymentTypes.txt");
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var response = await _client.PutAsync("/settings/payment-types", content);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", json.RootElement.GetProperty("code").GetString());
        Assert.Contains(said, json.RootElement.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, _dir.Read("WebMoneyPaymentTypes.txt"));
        Assert.Equal(JsonValueKind.Number, (await _client.GetFromJsonAsync<JsonElement>("/settings/payment-types")).GetProperty("sbp").ValueKind);
    }

    [Fact]
    public async Task PaymentTypes_PutEverySystemNamedAsNull_TurnsAllOff()
    {
        var response = await _client.PutAsJsonAsync("/settings/payment-types", new { sbp = (int?)null, webMoney = (int?)null, weChat = (int?)null, alipay = (int?)null });
        var got = await _client.GetFromJsonAsync<JsonElement>("/settings/payment-types");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Null, got.GetProperty("sbp").ValueKind);
        Assert.Equal(JsonValueKind.Null, got.GetProperty("alipay").ValueKind);
    }
}
