using OpenQA.Selenium;
using Tests.Gateway.Display;
using Tests.Support;

namespace Tests.Gateway.Admin;

/// <summary>Настройки → «Кассы» (SPEC §15) in a real headless Chromium, over the real gateway and a copy of the emulator's bundle with tills 1 and 2.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class AdminTillsPageTests(ChromiumFixture browser, TillsEmulatorFixture emulator) : IClassFixture<TillsEmulatorFixture>
{
    private readonly AdminPage _page = new(browser);

    [Fact]
    public void Tills_ListedWithPosNumberAndCertificate_ATakenPosNumberRefusedAtItsField_ANewTillSavedWithItsCertificate()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        var till1 = emulator.Host.Bundle.Terminals.Single(t => t.TerminalId == "1");
        _page.Open(gateway, "settings");
        var table = _page.WaitText("tills-body", t => t.Contains("N102", StringComparison.Ordinal), "the tills listed");

        Assert.Contains("CN=N101", table, StringComparison.Ordinal);
        Assert.Contains("N100", table, StringComparison.Ordinal);
        _page.Button("Добавить кассу").Click();
        _page.Type("Номер кассы (terminalId)", "3");
        _page.Type("Номер POS кассы", "N101");
        _page.Button("Сохранить кассу").Click();
        var error = _page.WaitText("err-till-pos", t => t.Length > 0, "the error at Номер POS кассы");

        Assert.Contains("уже занят", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(gateway.SettingsDirectory!, "terminals", "3")));

        var upload = Path.Combine(Path.GetTempPath(), "N103-" + Guid.NewGuid().ToString("N") + ".pfx");
        File.Copy(till1.ClientCertificatePath, upload);
        try
        {
            _page.Type("Номер POS кассы", "N103");
            _page.Type("Пароль сертификата кассы", till1.CertificatePassword);
            _page.Field("Сертификат кассы (.pfx)").SendKeys(upload);
            _page.Button("Сохранить кассу").Click();
            var result = _page.WaitText("till-result", t => t.Contains("сохранена", StringComparison.Ordinal), "the till saved");

            Assert.Contains("платежи идут с номером POS N103", result, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(gateway.SettingsDirectory!, "terminals", "3", "N103.pfx")));
            Assert.Contains("PosNumber=N103", File.ReadAllLines(Path.Combine(gateway.SettingsDirectory!, "terminals", "3", "WebMoneySettings.txt")));
            Assert.Equal("", _page.Field("Пароль сертификата кассы").GetDomProperty("value"));
            Assert.DoesNotContain(till1.CertificatePassword, _page.Driver.PageSource, StringComparison.Ordinal);
            Assert.Equal("button", _page.Button("Сохранить кассу").TagName);
        }
        finally
        {
            File.Delete(upload);
        }
    }

    [Fact]
    public void Till_Changed_ThenRemoved_ItsFolderGoes_AndTheTableSaysWhoPaysAsTheStore()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        _page.Open(gateway, "settings");
        _page.WaitText("tills-body", t => t.Contains("N102", StringComparison.Ordinal), "the tills listed");

        _page.Driver.FindElement(By.CssSelector("button[aria-label='Изменить кассу 2']")).Click();
        Assert.Equal("N102", _page.Field("Номер POS кассы").GetDomProperty("value"));
        Assert.Equal("задан", _page.Text("till-password-state"));
        _page.Driver.FindElement(By.CssSelector("button[aria-label='Удалить кассу 2']")).Click();
        _page.Driver.SwitchTo().Alert().Accept();
        _page.WaitText("till-result", t => t.Contains("удалена", StringComparison.Ordinal), "the till removed");

        Assert.False(Directory.Exists(Path.Combine(gateway.SettingsDirectory!, "terminals", "2")));
        Assert.DoesNotContain("N102", _page.WaitText("tills-body", t => !t.Contains("N102", StringComparison.Ordinal), "the till gone from the table"), StringComparison.Ordinal);
    }
}
