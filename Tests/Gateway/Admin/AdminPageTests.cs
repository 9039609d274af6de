using System.Net.Http.Json;
using OpenQA.Selenium;
using Tests.Gateway.Display;
using Tests.Support;
using WebMoneyEmulator;

namespace Tests.Gateway.Admin;

/// <summary>
/// The admin console in a real headless Chromium, over the real gateway, emulator, journal and settings files (a copy
/// of the emulator's bundle per gateway; background rechecks an hour off, so only «Проверить сейчас» finds a late payment).
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class AdminPageTests(ChromiumFixture browser, EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly AdminPage _page = new(browser);

    /// <summary>The 11 settings of the source document, with their Russian labels (SPEC §1, §12).</summary>
    public static readonly string[] SourceLabels =
    [
        "Режим работы", "Номер агента", "WMID", "Номер POS", "Ключ агента", "CrsId", "Пароль сертификата",
        "Время ожидания ответа (сек)", "Кол-во допустимых ошибок при запросе статуса (раз)", "Адрес сервера", "Адрес сервиса",
    ];

    [Fact]
    public void Settings_ShowsEveryLabelOfTheSource_WithItsHints_AndTheFourPaymentTypes()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        _page.Open(gateway, "settings");
        _page.WaitText("agentKey-state", t => t == "задан", "secrets shown as «задан»");

        foreach (var label in SourceLabels)
        {
            Assert.True(_page.Field(label).Displayed, label);
        }
        var body = _page.Driver.FindElement(By.TagName("body")).Text;
        Assert.Contains("не меньше 120 секунд", body);
        Assert.Contains("https://dev.runpay.com", body);
        Assert.Contains("/PosIntegration2/ApiService.svc", body);
        Assert.Equal("", _page.Field("Ключ агента").GetDomProperty("value"));
        Assert.Equal("задан", _page.Text("certificatePassword-state"));
        Assert.Equal("180", _page.Field("Время ожидания ответа (сек)").GetDomProperty("value"));

        _page.Button("Настроить виды оплат").Click();
        Assert.Equal("5", _page.Field("СБП").GetDomProperty("value"));
        Assert.Equal("6", _page.Field("WebMoney").GetDomProperty("value"));
        Assert.Equal("7", _page.Field("WeChat Pay").GetDomProperty("value"));
        Assert.Equal("8", _page.Field("Alipay").GetDomProperty("value"));
        Assert.Equal("button", _page.Button("Сохранить").TagName);
        _page.Screenshot("admin-2-settings");
    }

    [Fact]
    public void ChangedTimeout_SavedThroughTheForm_IsInTheFile_WithTheCommentsKept()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        var before = File.ReadAllLines(gateway.SettingsFile());
        _page.Open(gateway, "settings");
        _page.WaitText("agentKey-state", t => t == "задан", "settings loaded");

        _page.Type("Время ожидания ответа (сек)", "240");
        _page.Button("Сохранить").Click();
        _page.WaitText("settings-result", t => t.StartsWith("Сохранено", StringComparison.Ordinal), "saved");

        var after = File.ReadAllLines(gateway.SettingsFile());
        Assert.Contains("TimeoutSeconds=240", after);
        Assert.Equal(before.Where(l => l.StartsWith('#')), after.Where(l => l.StartsWith('#')));
        Assert.Equal(before.Select(l => l.StartsWith("TimeoutSeconds=", StringComparison.Ordinal) ? "TimeoutSeconds=240" : l), after);
    }

    [Fact]
    public void WrongServerAddress_ShowsTheReadersMessageAtThatField_AndWritesNothing()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        var before = File.ReadAllBytes(gateway.SettingsFile());
        _page.Open(gateway, "settings");
        _page.WaitText("agentKey-state", t => t == "задан", "settings loaded");

        _page.Type("Адрес сервера", "http://dev.runpay.com");
        _page.Button("Сохранить").Click();
        var message = _page.WaitText("err-serverAddress", t => t.Length > 0, "the error at Адрес сервера");

        Assert.Contains("адрес сервера должен начинаться с https://", message);
        Assert.Equal("true", _page.Field("Адрес сервера").GetDomAttribute("aria-invalid"));
        Assert.Contains("не сохранены", _page.Text("settings-result"));
        Assert.Equal(before, File.ReadAllBytes(gateway.SettingsFile()));
        _page.Screenshot("admin-3-settings-error");
    }

    [Fact]
    public void PfxWithTheWrongPassword_IsRefused_AtThePasswordField_AndTheOldFileStays()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        var before = File.ReadAllBytes(gateway.SettingsFile("N100.pfx"));
        using var upload = new TempDirectory("admin-upload");
        File.WriteAllBytes(upload.File("N100.pfx"), TestCertificates.ValidPfx("right-password"));
        _page.Open(gateway, "settings");
        _page.WaitText("agentKey-state", t => t == "задан", "settings loaded");

        _page.Field("Файл сертификата POS (.pfx)").SendKeys(upload.File("N100.pfx"));
        _page.Type("Пароль к загружаемому сертификату", "wrong-password");
        _page.Button("Загрузить сертификат").Click();
        var message = _page.WaitText("err-upload-password", t => t.Length > 0, "the error at the upload password");

        Assert.Contains("не открывается с этим паролем", message);
        Assert.Contains("Сертификат не принят", _page.Text("certificate-result"));
        Assert.Equal(before, File.ReadAllBytes(gateway.SettingsFile("N100.pfx")));
    }

    [Fact]
    public void CheckConnection_AgainstTheEmulator_SaysTheConnectionWorks()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        _page.Open(gateway, "status");
        _page.WaitText("ready-summary", t => t.Contains("готов", StringComparison.Ordinal), "readiness in words");

        _page.Button("Проверить связь").Click();
        var result = _page.WaitText("connection-result", t => t.StartsWith("Связь", StringComparison.Ordinal), "the connection check");

        Assert.StartsWith("Связь есть, подпись принята", result);
        Assert.Contains("Шлюз готов принимать платежи", _page.Text("ready-summary"));
        Assert.Contains("CN=", _page.Text("status-facts"));
        _page.Driver.Navigate().Refresh();
        _page.WaitText("status-facts", t => t.Contains("Последний ответ WebMoney", StringComparison.Ordinal) && !t.Contains("ещё не было", StringComparison.Ordinal), "the last WebMoney answer");
        _page.Button("Проверить связь").Click();
        _page.WaitText("connection-result", t => t.StartsWith("Связь", StringComparison.Ordinal), "the connection check");
        _page.Screenshot("admin-1-status");
    }

    [Fact]
    public async Task CheckConnection_WithTheEmulatorStopped_NamesTheFailure()
    {
        using var bundle = new TempDirectory("admin-stopped");
        var stopped = await EmulatorHost.StartAsync(new EmulatorHostOptions { BundleDirectory = bundle.Path });
        using var gateway = new GatewayHarness().UseSettingsDirectory(bundle.Path).RecheckFirstAfter(3600).ListenOn();
        await stopped.DisposeAsync();
        _page.Open(gateway, "status");
        _page.WaitText("ready-summary", t => t.Contains("готов", StringComparison.Ordinal), "readiness in words");

        _page.Button("Проверить связь").Click();
        var result = _page.WaitText("connection-result", t => t.StartsWith("Нет связи", StringComparison.Ordinal) || t.StartsWith("Сервер", StringComparison.Ordinal), "the failure");

        Assert.StartsWith("Нет связи с сервером WebMoney", result);
        Assert.Equal("connect", _page.Driver.FindElement(By.Id("connection-result")).GetDomAttribute("data-stage"));
    }

    [Fact]
    public async Task Journal_FindsAPayment_AndItsPageShowsTheHistoryInOrder()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();
        var (id, transactionId) = await api.CreatePaymentAsync("jr-1", 990m);
        await api.WaitForWaitingAnswersAsync(id, times: 2);
        await emulator.ActAsync(transactionId, "pay");
        await api.WaitPaymentFinalAsync(id);
        _page.Open(gateway, "journal");

        var created = (await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/payments/{id}")).GetProperty("createdAt").GetDateTimeOffset();
        // The browser runs in this machine's time zone: the payment's local day is the one to pick.
        ((IJavaScriptExecutor)_page.Driver).ExecuteScript("document.getElementById('f-date').value = arguments[0]",
            created.ToLocalTime().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        _page.Type("Касса", "jr-1");
        _page.Field("Статус").FindElement(By.XPath("./option[normalize-space(.)='Оплачен']")).Click();
        _page.Button("Найти").Click();
        browser.WaitUntil(d => d.FindElements(By.CssSelector($"#journal-table tr[data-id='{id}']")).Count == 1, "the payment in the journal");
        Assert.Contains("990,00", _page.Text("journal-table"));
        _page.Screenshot("admin-4-journal");
        _page.Driver.FindElement(By.CssSelector($"#journal-table tr[data-id='{id}'] a")).Click();
        _page.WaitText("history", t => t.Contains("Итог", StringComparison.Ordinal), "the history");

        var lines = _page.Driver.FindElements(By.CssSelector("#history li")).Select(li => li.Text).ToList();
        int At(string text) => lines.FindIndex(l => l.Contains(text, StringComparison.Ordinal));
        Assert.Equal(0, At("Платёж создан: 990,00"));
        Assert.True(At("создание QR: QR выдан") > 0);
        Assert.True(At("QR-код получен от WebMoney") > At("Платёж создан"));
        Assert.True(At("запрос статуса: ожидает оплаты") > At("QR-код получен"));
        Assert.Contains("×", lines[At("запрос статуса: ожидает оплаты")]);
        Assert.True(At("запрос статуса: оплачен") > At("запрос статуса: ожидает оплаты"));
        Assert.Equal(lines.Count - 1, At("Итог: оплачен"));
        Assert.Contains("Оплачен", _page.Text("payment-facts"));
        Assert.Contains(transactionId, _page.Text("payment-facts"));
        _page.WaitText("refunds", t => t.Contains("Возвратов не было", StringComparison.Ordinal), "the refunds block");
        Assert.Equal("button", _page.Button("Вернуть").TagName);
        _page.Screenshot("admin-5-payment");
    }

    [Fact]
    public async Task Attention_ListsAnUnresolvedPayment_AndCheckNowFindsItPaidLate()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();
        // The ending's cancel gets no answer either, so the payment stays unresolved (SPEC §4) and the QR payable.
        // Faults before the create: the only status answer that succeeds is then the one after the ending (its
        // cancel-at-once check), so the customer pays after it and no check but «Проверить сейчас» can see that.
        await emulator.FaultAsync("CancelPayment", "http500", 1000);
        await emulator.FaultAsync("GetPaymentStatus", "http500", 4);
        var (id, transactionId) = await api.CreatePaymentAsync("at-1", 500m);
        await api.WaitPaymentFinalAsync(id);
        await api.WaitForWaitingAnswersAsync(id, 1);
        emulator.Host.ClearFaults();
        await emulator.ActAsync(transactionId, "pay");
        _page.Open(gateway, "attention");
        browser.WaitUntil(d => d.FindElements(By.CssSelector($"#attention-table tr[data-id='{id}']")).Count == 1, "the unresolved payment listed");
        _page.Screenshot("admin-6-attention");

        _page.Driver.FindElement(By.CssSelector($"#attention-table tr[data-id='{id}'] button")).Click();
        browser.WaitUntil(d => d.FindElement(By.CssSelector($"#attention-table tr[data-id='{id}'] .result")).Text is { Length: > 0 } t
            && !t.StartsWith("Спрашиваем", StringComparison.Ordinal), "the recheck's answer");

        var row = _page.Driver.FindElement(By.CssSelector($"#attention-table tr[data-id='{id}']")).Text;
        Assert.True(row.Contains("ОПЛАЧЕН ПОЗДНО", StringComparison.Ordinal), row);
        Assert.Contains("платёж ОПЛАЧЕН", row);
    }

    [Fact]
    public void WithAnApiKey_ThePageAsksForIt_AndThenShowsTheSettings()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).Config("Gateway:ApiKey", "shop-key-123").RecheckFirstAfter(3600).ListenOn();
        _page.Open(gateway, "settings");

        _page.WaitVisible("key-dialog", "the key prompt");
        _page.Type("Ключ API", "shop-key-123");
        _page.Button("Войти").Click();

        _page.WaitText("agentKey-state", t => t == "задан", "settings loaded with the key");
        Assert.Equal("N100", _page.Field("Номер POS").GetDomProperty("value"));
    }
}
