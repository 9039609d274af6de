using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;

namespace Tests.Gateway.Admin;

/// <summary>
/// The endpoints the admin console adds, through the real gateway, the real emulator and a real journal. Each gateway
/// has its own copy of the emulator's bundle (saves and uploads write real files) and its background rechecks an
/// hour off: «Проверить сейчас» is what is tested.
/// </summary>
public sealed class AdminApiTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Events_OfAPaidPayment_TellItsStoryInOrder_WithTheWaitCollapsedIntoOneRow()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();
        var (id, transactionId) = await api.CreatePaymentAsync("ev-1");
        await api.WaitForWaitingAnswersAsync(id, times: 3);

        await emulator.ActAsync(transactionId, "pay");
        var paid = await api.WaitPaymentFinalAsync(id);
        var items = (await api.EventsAsync(id)).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal("paid", paid.GetProperty("status").GetString());
        var kinds = items.Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal("created", kinds[0]);
        Assert.True(kinds.IndexOf("qrIssued") > kinds.IndexOf("created"));
        Assert.Equal("final", kinds[^1]);
        Assert.Contains("оплачен", items[^1].GetProperty("text").GetString());
        var create = items.Single(e => e.GetProperty("operation").GetString() == "CreateQrPayment");
        Assert.Equal("success", create.GetProperty("outcome").GetString());
        var waiting = items.Where(e => e.GetProperty("operation").GetString() == "GetPaymentStatus"
            && e.GetProperty("wireStatus").GetString() == "WaitingForPayment").ToList();
        var run = Assert.Single(waiting);
        Assert.True(run.GetProperty("count").GetInt32() >= 3);
        Assert.True(run.GetProperty("lastAt").GetDateTimeOffset() >= run.GetProperty("at").GetDateTimeOffset());
        var paidAnswer = items.Single(e => e.GetProperty("wireStatus").GetString() == "Paid");
        Assert.True(items.IndexOf(paidAnswer) > items.IndexOf(run));
        Assert.Equal(items.Select((_, i) => i + 1), items.Select(e => e.GetProperty("seq").GetInt32()));
    }

    [Fact]
    public async Task Events_OfACashierCancel_SayTheCashierCancelled_BeforeTheCancelIsSent()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();
        var (id, _) = await api.CreatePaymentAsync("ev-cancel");

        using var cancel = await api.PostAsync($"/payments/{id}/cancel", null);
        var items = (await api.EventsAsync(id)).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var kinds = items.Select(e => e.GetProperty("kind").GetString()).ToList();
        var requested = Assert.Single(items, e => e.GetProperty("kind").GetString() == "cancelRequested");
        Assert.Equal("Кассир отменил платёж", requested.GetProperty("text").GetString());
        var sent = items.FindIndex(e => e.GetProperty("operation").GetString() == "CancelPayment");
        Assert.True(sent > items.IndexOf(requested));
        Assert.Equal("final", kinds[^1]);
    }

    [Fact]
    public async Task Events_OfAnUnknownPayment_Are404PaymentNotFound()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();

        var response = await api.GetAsync("/payments/nope/events");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("payment_not_found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Recheck_OfAnUnresolvedPaymentPaidMeanwhile_MarksItLatePaid_InTheJournalAndItsHistory()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();
        // The ending's cancel gets no answer, so the payment stays unresolved (SPEC §4) and the QR payable.
        // Faults before the create: the only status answer that succeeds is then the one after the ending (its
        // cancel-at-once check), so the customer pays after it and no check but «Проверить сейчас» can see that.
        await emulator.FaultAsync("CancelPayment", "http500", 1000);
        await emulator.FaultAsync("GetPaymentStatus", "http500", 4);
        var (id, transactionId) = await api.CreatePaymentAsync("rc-1");
        var failed = await api.WaitPaymentFinalAsync(id);
        Assert.True(failed.GetProperty("unresolved").GetBoolean());
        await api.WaitForWaitingAnswersAsync(id, 1);
        emulator.Host.ClearFaults();
        await emulator.ActAsync(transactionId, "pay");

        var response = await api.PostAsync($"/payments/{id}/recheck", null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("changed").GetBoolean());
        Assert.Contains("ОПЛАЧЕН", body.GetProperty("message").GetString());
        var payment = await api.GetFromJsonAsync<JsonElement>($"/payments/{id}");
        Assert.True(payment.GetProperty("latePaid").GetBoolean());
        Assert.False(payment.GetProperty("unresolved").GetBoolean());
        var attention = await api.GetFromJsonAsync<JsonElement>("/payments?attention=true");
        Assert.Contains(attention.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetString() == id);
        var kinds = (await api.EventsAsync(id)).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.True(kinds.IndexOf("final") < kinds.IndexOf("recheckRequested"));
        Assert.True(kinds.IndexOf("recheckRequested") < kinds.IndexOf("latePaid"));
    }

    [Fact]
    public async Task Recheck_OfAPendingPayment_Is409NothingToCheck_AndOfAnUnknownOne404()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();
        var (id, _) = await api.CreatePaymentAsync("rc-2");

        var pending = await api.PostAsync($"/payments/{id}/recheck", null);
        var unknown = await api.PostAsync("/payments/nope/recheck", null);

        Assert.Equal(HttpStatusCode.Conflict, pending.StatusCode);
        Assert.Equal("nothing_to_check", (await pending.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await api.PostAsync($"/payments/{id}/cancel", null);
    }

    [Fact]
    public async Task ConnectionCheck_AgainstTheEmulator_SaysSignatureAccepted_AndWithAWrongAgentKeyNamesTheSignature()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();

        var good = await (await api.PostAsync("/settings/connection-check", null)).Content.ReadFromJsonAsync<JsonElement>();
        (await api.PutAsJsonAsync("/settings", new { agentKey = "not-the-agent-key" })).EnsureSuccessStatusCode();
        var bad = await (await api.PostAsync("/settings/connection-check", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(good.GetProperty("ok").GetBoolean(), good.ToString());
        Assert.Equal("ok", good.GetProperty("stage").GetString());
        Assert.StartsWith("Связь есть, подпись принята", good.GetProperty("message").GetString());
        Assert.False(bad.GetProperty("ok").GetBoolean());
        Assert.Equal("signature", bad.GetProperty("stage").GetString());
        Assert.Contains("Ключ агента", bad.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ConnectionCheck_WithACertificateWebMoneyDidNotIssue_NamesTheCertificate()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();
        (await UploadAsync(api, TestCertificates.ValidPfx("self-made"), "self-made")).EnsureSuccessStatusCode();

        var result = await (await api.PostAsync("/settings/connection-check", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Contains(result.GetProperty("stage").GetString(), new[] { "certificate", "tls" });
        Assert.Contains("сертификат", result.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Certificate_WithTheWrongPassword_Is400NamingThePassword_AndTheOldFileStays()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();
        var before = await File.ReadAllBytesAsync(gateway.SettingsFile("N100.pfx"));

        var response = await UploadAsync(api, TestCertificates.ValidPfx("right"), "wrong");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", body.GetProperty("code").GetString());
        Assert.Contains("не открывается", body.GetProperty("errors").GetProperty("certificatePassword")[0].GetString());
        Assert.Equal(before, await File.ReadAllBytesAsync(gateway.SettingsFile("N100.pfx")));
    }

    [Theory]
    [InlineData("no-key")]
    [InlineData("expired")]
    [InlineData("not-a-pfx")]
    public async Task Certificate_NotUsable_Is400NamingTheFile_AndNothingIsWritten(string what)
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();
        var before = await File.ReadAllBytesAsync(gateway.SettingsFile("N100.pfx"));
        var bytes = what switch
        {
            "no-key" => TestCertificates.Pfx("pw", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), withPrivateKey: false),
            "expired" => TestCertificates.Pfx("pw", DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddDays(-1)),
            _ => "hello"u8.ToArray(),
        };

        var response = await UploadAsync(api, bytes, "pw");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(body.GetProperty("errors").TryGetProperty("certificate", out _), body.ToString());
        Assert.Equal(before, await File.ReadAllBytesAsync(gateway.SettingsFile("N100.pfx")));
        Assert.DoesNotContain("CertificatePassword=pw", await File.ReadAllTextAsync(gateway.SettingsFile()));
    }

    [Fact]
    public async Task Certificate_Usable_ReplacesTheFile_AndSavesItsPasswordKeepingTheComments()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();
        var pfx = TestCertificates.ValidPfx("new-password-1");

        var response = await UploadAsync(api, pfx, "new-password-1");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("N100.pfx", body.GetProperty("file").GetString());
        Assert.True(body.GetProperty("passwordSaved").GetBoolean());
        Assert.Equal(pfx, await File.ReadAllBytesAsync(gateway.SettingsFile("N100.pfx")));
        var text = await File.ReadAllTextAsync(gateway.SettingsFile());
        Assert.Contains("CertificatePassword=new-password-1", text);
        Assert.Contains("# Режим работы: оплата по QR чеку", text);
        Assert.DoesNotContain("new-password-1", body.ToString());
    }

    [Fact]
    public async Task Certificate_AsJson_Is415()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();

        var response = await api.PutAsJsonAsync("/settings/certificate", new { certificate = "x" });

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("unsupported_media_type", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Journal_FiltersByPaymentSystem_AndRefusesAnUnknownOne()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();
        var (sbp, _) = await api.CreatePaymentAsync("ps-1", paymentSystem: "sbp");
        await api.PostAsync($"/payments/{sbp}/cancel", null);
        var (alipay, _) = await api.CreatePaymentAsync("ps-1", paymentSystem: "alipay");
        await api.PostAsync($"/payments/{alipay}/cancel", null);

        var list = await api.GetFromJsonAsync<JsonElement>("/payments?terminalId=ps-1&paymentSystem=alipay");
        var bad = await api.GetAsync("/payments?paymentSystem=visa");

        Assert.Equal([alipay], list.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("paymentSystem", out _));
    }

    [Fact]
    public async Task Swagger_DescribesEveryNewEndpoint_WithItsOperationIdAndExamples()
    {
        using var gateway = new GatewayHarness().UseEmulator(emulator, copySettings: true).RecheckFirstAfter(3600).ListenOn();
        using var api = gateway.CreateClient();

        var doc = await api.GetStringAsync("/swagger/v1/swagger.json");

        foreach (var operationId in new[] { "GetPaymentEvents", "RecheckPayment", "CheckConnection", "PutSettingsCertificate" })
        {
            Assert.Contains($"\"operationId\": \"{operationId}\"", doc);
        }
        Assert.Contains("nothing_to_check", doc);
        Assert.Contains("Связь есть, подпись принята", doc);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient api, byte[] pfx, string? password)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(pfx);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/x-pkcs12");
        form.Add(file, "certificate", "N100.pfx");
        if (password is not null)
        {
            form.Add(new StringContent(password), "certificatePassword");
        }
        return await api.PutAsync("/settings/certificate", form);
    }
}
