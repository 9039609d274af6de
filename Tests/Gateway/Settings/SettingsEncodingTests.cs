using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Settings;
using Tests.Support;

namespace Tests.Gateway.Settings;

/// <summary>
/// Settings files a shop copied from the original module as they were (SPEC §9), through the whole gateway: a
/// Windows-1251 or UTF-16 file is read, a save through PUT keeps its encoding and line endings byte for byte, and a
/// hand edit of a Windows-1251 file is picked up without a restart.
/// </summary>
public sealed class SettingsEncodingTests : IAsyncLifetime
{
    private static readonly string GoodCrlf = SettingsCorpus.Good.Replace("\n", "\r\n");
    private readonly TestSettingsDirectory _dir = new();
    private GatewayHarness _gateway = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        // Files as a Russian Windows program leaves them: Windows-1251, CRLF, Russian comments.
        Write("WebMoneySettings.txt", GoodCrlf, SettingsTextEncoding.Windows1251);
        Write("WebMoneyPaymentTypes.txt", "# Виды оплаты Кассира\r\n" + SettingsCorpus.GoodTypes.Replace("\n", "\r\n"), SettingsTextEncoding.Utf16LittleEndian);
        _gateway = new GatewayHarness { EnvironmentName = "Production" }.UseSettingsDirectory(_dir.Path);
        _client = _gateway.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Windows1251AndUtf16Files_AreReadAndTheGatewayIsUsable()
    {
        var settings = await _client.GetFromJsonAsync<JsonElement>("/settings");
        var types = await _client.GetFromJsonAsync<JsonElement>("/settings/payment-types");

        Assert.True(settings.GetProperty("usable").GetBoolean(), settings.GetProperty("errors").ToString());
        Assert.Equal("N100", settings.GetProperty("posNumber").GetString());
        Assert.Equal(5, types.GetProperty("sbp").GetInt32());
        Assert.Equal(8, types.GetProperty("alipay").GetInt32());
    }

    [Fact]
    public async Task PutSettings_OnAWindows1251CrlfFile_KeepsTheEncodingAndLineEndingsByteForByte()
    {
        var response = await _client.PutAsJsonAsync("/settings", new { timeoutSeconds = 240 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = SettingsText.Encode(GoodCrlf.Replace("TimeoutSeconds=180", "TimeoutSeconds=240"), SettingsTextEncoding.Windows1251);
        Assert.Equal(expected, _dir.Read("WebMoneySettings.txt"));
    }

    [Fact]
    public async Task PutPaymentTypes_OnAUtf16File_KeepsTheEncodingBomAndLineEndingsByteForByte()
    {
        var response = await _client.PutAsJsonAsync("/settings/payment-types", new { sbp = 5, webMoney = 6, weChat = 7, alipay = 9 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = SettingsText.Encode("# Виды оплаты Кассира\r\n" + SettingsCorpus.GoodTypes.Replace("\n", "\r\n").Replace("Alipay=8", "Alipay=9"),
            SettingsTextEncoding.Utf16LittleEndian);
        Assert.Equal(expected, _dir.Read("WebMoneyPaymentTypes.txt"));
    }

    [Fact]
    public async Task PutSettings_AValueTheWindows1251FileCannotHold_Answers400NamingTheField_FileUnchanged()
    {
        var before = _dir.Read("WebMoneySettings.txt");

        var response = await _client.PutAsJsonAsync("/settings", new { certificatePassword = "пароль密码" });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        var message = problem.GetProperty("errors").GetProperty("certificatePassword")[0].GetString()!;
        Assert.Contains("Windows-1251", message, StringComparison.Ordinal);
        Assert.DoesNotContain("密码", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, _dir.Read("WebMoneySettings.txt"));
    }

    [Fact]
    public async Task HandEditOfAWindows1251File_IsPickedUpWithoutRestart()
    {
        Assert.Equal(180, (await _client.GetFromJsonAsync<JsonElement>("/settings")).GetProperty("timeoutSeconds").GetInt32());

        Write("WebMoneySettings.txt", GoodCrlf.Replace("TimeoutSeconds=180", "# Увеличено по просьбе банка\r\nTimeoutSeconds=300"),
            SettingsTextEncoding.Windows1251);

        Assert.True(await Eventually.TrueAsync(async () =>
            (await _client.GetFromJsonAsync<JsonElement>("/settings")).GetProperty("timeoutSeconds").GetInt32() == 300, TimeSpan.FromSeconds(20)));
        var settings = await _client.GetFromJsonAsync<JsonElement>("/settings");
        Assert.True(settings.GetProperty("usable").GetBoolean(), settings.GetProperty("errors").ToString());
    }

    private void Write(string name, string text, SettingsTextEncoding encoding) => File.WriteAllBytes(_dir.File(name), SettingsText.Encode(text, encoding));
}
