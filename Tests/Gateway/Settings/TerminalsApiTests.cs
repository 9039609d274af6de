using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;

namespace Tests.Gateway.Settings;

/// <summary>/settings/terminals (SPEC §15) and readiness per till, on a copy of the emulator's bundle with tills 1 and 2.</summary>
public sealed class TerminalsApiTests(TillsEmulatorFixture emulator) : IClassFixture<TillsEmulatorFixture>, IDisposable
{
    private readonly GatewayHarness _gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).WithoutFloodLimits();

    public void Dispose() => _gateway.Dispose();

    [Fact]
    public async Task Get_ListsEveryTillAndTheStore_NeverAPassword()
    {
        var http = _gateway.CreateClient();

        var raw = await http.GetStringAsync("/settings/terminals");

        var body = JsonDocument.Parse(raw).RootElement;
        Assert.Equal("N100", body.GetProperty("store").GetProperty("posNumber").GetString());
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["1", "2"], items.Select(i => i.GetProperty("terminalId").GetString()));
        Assert.Equal(["N101", "N102"], items.Select(i => i.GetProperty("posNumber").GetString()));
        Assert.All(items, i => Assert.True(i.GetProperty("certificatePasswordSet").GetBoolean()));
        Assert.Contains("CN=N102", items[1].GetProperty("certificate").GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(emulator.Host.Bundle.Terminals[0].CertificatePassword, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_NewTill_WritesItsFolder_ThenTheCertificateUpload_MakesItUsable()
    {
        var http = _gateway.CreateClient();
        var till1 = emulator.Host.Bundle.Terminals.Single(t => t.TerminalId == "1");

        var created = await http.PutAsJsonAsync("/settings/terminals/kassa-3", new { posNumber = "N101X" });
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(File.ReadAllBytes(till1.ClientCertificatePath));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/x-pkcs12");
        form.Add(file, "certificate", "N101X.pfx");
        form.Add(new StringContent(till1.CertificatePassword), "certificatePassword");
        var uploaded = await http.PutAsync("/settings/terminals/kassa-3/certificate", form);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.False((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("usable").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        Assert.True((await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("usable").GetBoolean());
        var lines = File.ReadAllLines(Path.Combine(_gateway.SettingsDirectory!, "terminals", "kassa-3", "WebMoneySettings.txt"));
        Assert.Equal(["PosNumber=N101X", $"CertificatePassword={till1.CertificatePassword}"], lines);
    }

    [Theory]
    [InlineData("1", "N102", "posNumber")]
    [InlineData("5", "N100", "posNumber")]
    [InlineData("5", "N/1", "posNumber")]
    [InlineData("5", null, "posNumber")]
    public async Task Put_PosNumberTakenOrBroken_400NamingTheField_NothingWritten(string terminalId, string? posNumber, string field)
    {
        var http = _gateway.CreateClient();
        var before = File.ReadAllText(Path.Combine(_gateway.SettingsDirectory!, "terminals", "1", "WebMoneySettings.txt"));

        var response = await http.PutAsJsonAsync($"/settings/terminals/{terminalId}", new { posNumber });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.False(Directory.Exists(Path.Combine(_gateway.SettingsDirectory!, "terminals", "5")));
        Assert.Equal(before, File.ReadAllText(Path.Combine(_gateway.SettingsDirectory!, "terminals", "1", "WebMoneySettings.txt")));
    }

    [Fact]
    public async Task Delete_Till_RemovesItsFolder_TheTerminalThenPaysAsTheStore_UnknownTill404()
    {
        var http = _gateway.CreateClient();

        var deleted = await http.DeleteAsync("/settings/terminals/2");
        var again = await http.DeleteAsync("/settings/terminals/2");
        var payment = await http.CreatePaymentAsync("2");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("terminal_not_found", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal("N100", (await emulator.TransactionOfAsync(payment.Id))?.GetProperty("posNumber").GetString());
    }

    [Fact]
    public async Task Ready_BrokenTill_DegradedNotUnready_EveryTillListedWithItsProblem()
    {
        var http = _gateway.CreateClient();
        File.WriteAllText(Path.Combine(_gateway.SettingsDirectory!, "terminals", "2", "WebMoneySettings.txt"), "PosNumber=N102\nthis line is broken\n");
        _gateway.Services.GetService(typeof(global::Gateway.Settings.SettingsStore)).As<global::Gateway.Settings.SettingsStore>().Reload();

        var response = await http.GetAsync("/health/ready");

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var check = body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "terminals");
        Assert.Equal("degraded", check.GetProperty("status").GetString());
        var tills = check.GetProperty("data").GetProperty("terminals").EnumerateArray().ToList();
        Assert.True(tills.Single(t => t.GetProperty("terminalId").GetString() == "1").GetProperty("usable").GetBoolean());
        Assert.Contains("terminals/2/WebMoneySettings.txt, строка 2", check.GetProperty("messages")[0].GetProperty("ru").GetString(), StringComparison.Ordinal);
    }
}

internal static class ObjectCast
{
    public static T As<T>(this object? value) => (T)value!;
}
