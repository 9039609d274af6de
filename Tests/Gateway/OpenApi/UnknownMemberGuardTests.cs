using System.Net;
using System.Text;
using System.Text.Json;
using Tests.Gateway.Settings;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Gateway.OpenApi;

/// <summary>
/// The schemas say <c>additionalProperties: false</c> and the server agrees: a member the body's type does not have is
/// 400 validation_failed naming it, before anything is journalled, written or sent (issue #29 item 7).
/// </summary>
public sealed class UnknownMemberGuardTests : IDisposable
{
    private readonly TestSettingsDirectory _settings = new();
    private readonly GatewayHarness _gateway;
    private readonly HttpClient _http;

    public UnknownMemberGuardTests()
    {
        _gateway = new GatewayHarness().UseScriptedWebMoney().UseSettingsDirectory(_settings.Path);
        _http = _gateway.CreateClient();
    }

    public void Dispose()
    {
        _http.Dispose();
        _gateway.Dispose();
        _settings.Dispose();
    }

    [Theory]
    [InlineData("""{"amount": 10, "paymentTypeCode": 5, "ammount": 10}""", "ammount")]
    [InlineData("""{"Amount": 10, "paymentTypeCode": 5}""", "Amount")]
    [InlineData("""{"amount": 10, "paymentTypeCode": 5, "currency": "RUB"}""", "currency")]
    public async Task CreatePayment_WithAMemberItDoesNotHave_Is400NamingIt_AndNothingIsSent(string body, string member)
    {
        using var response = await _http.PostAsync("/payments", Json(body));

        var problem = await ProblemOf(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.Contains("Unknown member", problem.GetProperty("errors").GetProperty(member)[0].GetString());
        Assert.Equal(0, _gateway.Scripted!.CountOf(PosApi.CreateQrPayment));
    }

    [Fact]
    public async Task CreateRefund_WithAMemberItDoesNotHave_Is400NamingIt_BeforeThePaymentIsLookedUp()
    {
        using var response = await _http.PostAsync("/payments/no-such-payment/refunds", Json("""{"amount": 1, "refundAll": true}"""));

        var problem = await ProblemOf(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("refundAll", out _));
        Assert.Equal(0, _gateway.Scripted!.CountOf(PosApi.RefundPayment));
    }

    [Theory]
    [InlineData("/settings", """{"timeoutSeconds": 60, "agentKeySet": true}""", "agentKeySet", "WebMoneySettings.txt")]
    [InlineData("/settings/payment-types", """{"sbp": 5, "SBP": 6}""", "SBP", "WebMoneyPaymentTypes.txt")]
    public async Task SettingsPut_WithAMemberItDoesNotHave_Is400NamingIt_AndTheFileIsUntouched(string path, string body, string member, string file)
    {
        var before = _settings.Read(file);

        using var response = await _http.PutAsync(path, Json(body));

        var problem = await ProblemOf(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(member, out _), problem.ToString());
        Assert.Equal(before, _settings.Read(file));
    }

    [Theory]
    [InlineData("""{"posNumber": "N900", "certificatPassword": "secret"}""", "certificatPassword")]
    [InlineData("""{"PosNumber": "N900"}""", "PosNumber")]
    public async Task TillPut_WithAMemberItDoesNotHave_Is400NamingIt_AndNoFolderIsWritten(string body, string member)
    {
        using var response = await _http.PutAsync("/settings/terminals/kassa-9", Json(body));

        var problem = await ProblemOf(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.Contains("Unknown member", problem.GetProperty("errors").GetProperty(member)[0].GetString());
        Assert.False(Directory.Exists(Path.Combine(_settings.Path, "terminals", "kassa-9")));
    }

    [Fact]
    public async Task KnownMembersOnly_PassTheGuard_AndABrokenBodyStillGetsTheHandlersOwnProblem()
    {
        using var created = await _http.PostAsync("/payments", Json("""{"amount": 10, "paymentTypeCode": 5, "receiptId": "g-1", "terminalId": "g1", "description": null}"""));
        using var malformed = await _http.PostAsync("/payments", Json("""{"amount": 10, "ammount":"""));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("malformed_json", (await ProblemOf(malformed)).GetProperty("code").GetString());
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
