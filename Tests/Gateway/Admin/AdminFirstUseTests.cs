using System.Globalization;
using OpenQA.Selenium;
using Tests.Gateway.Display;
using Tests.Gateway.Settings;
using Tests.Support;

namespace Tests.Gateway.Admin;

/// <summary>
/// What a new administrator meets on opening the console (issue #28 §4–§7), in real Chromium over the real gateway:
/// the journal and the day open on today's data, the sandbox banner on every page, nothing said about secrets before
/// the API key is given, the readiness details after it.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class AdminFirstUseTests(ChromiumFixture browser, EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    private readonly AdminPage _page = new(browser);

    private string BrowserToday() => (string?)((IJavaScriptExecutor)_page.Driver).ExecuteScript("return browserToday()") ?? "";

    [Fact]
    public async Task Journal_OpensOnTodaysPayments_WithoutPressingFind()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();
        var paid = await api.PaidPaymentAsync(emulator, "fu-journal", 321m);
        var id = paid.GetProperty("id").GetString()!;

        _page.Open(gateway, "journal");

        browser.WaitUntil(d => d.FindElements(By.CssSelector($"#journal-table tr[data-id='{id}']")).Count == 1, "today's payment listed on open");
        Assert.Equal(BrowserToday(), _page.Driver.FindElement(By.Id("f-date")).GetDomProperty("value"));
        Assert.Contains("321,00", _page.Text("journal-table"));
        Assert.False(_page.Driver.FindElement(By.Id("journal-empty")).Displayed);
    }

    [Fact]
    public async Task Day_OpensWithTodaysTotals_WithoutPressingShow()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).Config("Gateway:TimeZone", "Europe/Moscow").RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();
        var paid = await api.PaidPaymentAsync(emulator, "fu-day", 456.70m);
        var date = TimeZoneInfo.ConvertTime(paid.GetProperty("completedAt").GetDateTimeOffset(), Moscow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        _page.Open(gateway, "day");

        var result = _page.WaitText("day-result", t => t.Contains("Итоги за", StringComparison.Ordinal), "today's totals on open");
        Assert.Contains($"Итоги за {date} (часовой пояс Europe/Moscow)", result);
        Assert.Contains("Касса fu-day", result);
        Assert.Contains("456,70", result);
    }

    [Theory]
    [InlineData("journal")]
    [InlineData("day")]
    [InlineData("attention")]
    [InlineData("payment/unknown")]
    [InlineData("status")]
    [InlineData("settings")]
    public void Sandbox_BannerOnEveryPage_OpenedByADirectLink(string hash)
    {
        using var empty = new TestSettingsDirectory(withFiles: false);
        using var gateway = new GatewayHarness { EnvironmentName = "Development" }.UseSettingsDirectory(empty.Path).ListenOn();

        _page.Open(gateway, hash);

        _page.WaitVisible("sandbox-banner", $"the sandbox banner on #{hash}");
        Assert.Contains("Режим песочницы", _page.Text("sandbox-banner"));
    }

    [Fact]
    public void LiveMode_NoBanner()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        _page.Open(gateway, "journal");
        browser.WaitUntil(d => d.FindElement(By.Id("journal-empty")).Displayed || d.FindElements(By.CssSelector("#journal-table tbody tr")).Count > 0, "the journal loaded");

        var shown = ((IJavaScriptExecutor)_page.Driver).ExecuteScript("return !document.getElementById('sandbox-banner').hidden") as bool?;

        Assert.False(shown);
    }

    [Fact]
    public void ApiKeyDialog_TheFormBehindSaysNothingAboutSecrets_UntilTheKeyIsGiven()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).Config("Gateway:ApiKey", "shop-key-123").RecheckFirstAfter(3600).ListenOn();
        _page.Open(gateway, "settings");
        _page.WaitVisible("key-dialog", "the key prompt");

        // textContent, not the visible text: nothing about the secrets in the document at all, hidden or not.
        var behind = (string?)((IJavaScriptExecutor)_page.Driver).ExecuteScript("return document.getElementById('page-settings').textContent") ?? "";

        Assert.DoesNotContain("задан", behind, StringComparison.Ordinal);
        Assert.Equal("", _page.Field("Номер POS").GetDomProperty("value"));

        _page.Type("Ключ API", "shop-key-123");
        _page.Button("Войти").Click();

        _page.WaitText("agentKey-state", t => t == "задан", "the secret's state after the key");
        Assert.Equal("задан", _page.Text("certificatePassword-state"));
    }

    [Fact]
    public void Status_WithAnApiKey_ShowsTheCertificateAfterTheKey()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).Config("Gateway:ApiKey", "shop-key-123").RecheckFirstAfter(3600).ListenOn();
        _page.Open(gateway, "status");
        _page.WaitVisible("key-dialog", "the key prompt");

        _page.Type("Ключ API", "shop-key-123");
        _page.Button("Войти").Click();

        var facts = _page.WaitText("status-facts", t => t.Contains("Сертификат", StringComparison.Ordinal), "the status facts");
        Assert.Contains("CN=", facts);
        Assert.Contains("готов", _page.Text("ready-summary"));
    }
}
