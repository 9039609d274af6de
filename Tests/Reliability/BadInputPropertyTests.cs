using System.Globalization;
using System.Net;
using System.Text;
using CsCheck;
using Gateway.Settings;
using Tests.Support;

namespace Tests.Reliability;

/// <summary>
/// P4 "bad input": whatever a POS program posts, or whatever bytes sit in a settings file, the gateway answers
/// (2xx/4xx, or a parse error that names the line) — never a 5xx, a hang or a crash.
/// </summary>
public sealed class BadInputPropertyTests : IDisposable
{
    private readonly GatewayHarness _gateway = new GatewayHarness().UseScriptedWebMoney();

    public void Dispose() => _gateway.Dispose();

    private static readonly string[] Keys =
        ["amount", "paymentTypeCode", "paymentSystem", "receiptId", "terminalId", "description", "Amount", "extra", ""];

    private static readonly Gen<string> GenNumber = Gen.OneOf(
        Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Decimal.Select(d => d.ToString(CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "1e999"),
        Gen.OneOf("0", "-0", "0.001", "1.005", "1e3", "1E-2", "99999999999999999999999999999999", "1000000", "1000000.01", "5", "6", "7", "8", "-1"));

    private static readonly Gen<string> GenString = Gen.OneOf(
        Gen.String.Select(s => System.Text.Json.JsonSerializer.Serialize(s)),
        Gen.OneOf("\"\"", "\"sbp\"", "\"weChat\"", "\"Alipay\"", "\"bitcoin\"", "\"1\"", "\"T-1\"", "\"\\u0000\"",
            "\"" + new string('x', 200) + "\"", "\"терминал\""));

    private static readonly Gen<string> GenScalar = Gen.OneOf(GenNumber, GenString, Gen.OneOf("null", "true", "false"));

    private static readonly Gen<string> GenValue = Gen.OneOf(GenScalar, GenScalar.Array[0, 3].Select(a => "[" + string.Join(",", a) + "]"),
        Gen.Select(Gen.OneOf(Keys), GenScalar, (k, v) => $"{{\"{k}\":{v}}}"));

    private static readonly Gen<string> GenBody = Gen.OneOf(
        // An object with some of the known members (and odd ones), each with any kind of value.
        Gen.Select(Gen.OneOf(Keys), GenValue, (k, v) => $"\"{k}\":{v}").Array[0, 7].Select(m => "{" + string.Join(",", m) + "}"),
        // Any JSON value that is not an object; broken JSON; any text at all.
        GenValue,
        Gen.OneOf("", "{", "{\"amount\":", "{\"amount\":5,}", "{\"amount\":5}}", "[{}]", "{\"amount\":5,\"amount\":6,\"paymentTypeCode\":5}",
            new string('[', 5000), "{\"a\":" + new string('[', 200) + new string(']', 200) + "}"),
        Gen.String);

    [Fact]
    public async Task PostPayments_AnyBody_Answers2xxOr4xxPromptly()
    {
        var http = _gateway.CreateClient();
        http.Timeout = TimeSpan.FromSeconds(20);
        var answers = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();

        await GenBody.SampleAsync(async body =>
        {
            var contentType = body.Length % 11 == 0 ? "text/plain" : "application/json";
            using var response = await http.PostAsync("/payments", new StringContent(body, Encoding.UTF8, contentType));

            answers.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            Assert.True((int)response.StatusCode is >= 200 and < 500, $"{(int)response.StatusCode} for {body}");
        }, iter: 1000, threads: 1, print: body => body);
        Assert.DoesNotContain(_gateway.Logs.GetSnapshot(), r => r.Exception is not null);
        // The generator reaches past validation too: some bodies were valid (a payment, or the terminal busy with it).
        Assert.True(answers.GetValueOrDefault(201) + answers.GetValueOrDefault(409) > 0, string.Join(", ", answers.Select(a => $"{a.Key}: {a.Value}")));
        Assert.True(answers.GetValueOrDefault(400) > 0);
    }

    [Fact]
    public void SettingsFiles_AnyBytes_AValueOrErrorsNeverAnException()
    {
        var genBytes = Gen.OneOf(Gen.Byte.Array[0, 400],
            Gen.Char["AgentId=PosNumber#\r\n \t0123456789Key=абв\u0000\uFEFF"].Array[0, 300].Select(c => Encoding.UTF8.GetBytes(c)),
            Gen.Byte.Array[0, 50].Select(b => (byte[])[0xEF, 0xBB, 0xBF, .. b]),
            Gen.Byte.Array[0, 50].Select(b => (byte[])[0xFF, 0xFE, .. b]));

        genBytes.Sample(bytes =>
        {
            var document = SettingsDocument.Parse(bytes, "WebMoneySettings.txt", out var error);

            if (document is null)
            {
                Assert.NotNull(error);
                Assert.False(string.IsNullOrWhiteSpace(error.RussianText));
                return;
            }
            var settings = WebMoneySettingsReader.Read(document);
            var types = PaymentTypesReader.Read(document);
            Assert.True(settings.IsValid || settings.Errors.Count > 0);
            Assert.True(types.IsValid || types.Errors.Count > 0);
        }, iter: 3000);
    }

    private static readonly Gen<string> GenLine = Gen.OneOf(
        Gen.Select(Gen.OneOf(SettingsKeys.All.Append("Unknown").Append("agentid").ToArray()),
            Gen.OneOf(Gen.String[0, 20].Select(s => s.Replace('\r', ' ').Replace('\n', ' ')), Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture))),
            (k, v) => $"{k}={v}"),
        Gen.OneOf("", "   ", "# комментарий", "=value", "ключ без знака равенства", "AgentId", " = "),
        Gen.Char["abcXYZ012 =#;:абв"].Array[0, 30].Select(c => new string(c)));

    [Fact]
    public void SettingsFiles_AnyLines_EveryBadLineIsReportedWithItsNumber()
    {
        GenLine.Array[0, 25].Sample(lines =>
        {
            var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines));

            var document = SettingsDocument.Parse(bytes, "WebMoneySettings.txt", out var error);
            Assert.Null(error);
            var read = WebMoneySettingsReader.Read(document!);

            for (var i = 0; i < lines.Length; i++)
            {
                var trimmed = lines[i].Trim();
                var malformed = trimmed.Length > 0 && trimmed[0] != '#' && (lines[i].IndexOf('=') is var eq && (eq < 0 || lines[i][..eq].Trim().Length == 0));
                if (malformed)
                {
                    Assert.Contains(read.Errors, e => e.Line == i + 1);
                }
            }
            Assert.All(read.Errors.Concat(read.Warnings), e => Assert.True(e.Line is null || (e.Line >= 1 && e.Line <= Math.Max(1, lines.Length)), e.ToString()));
            Assert.True(read.IsValid || read.Errors.Count > 0);
        }, iter: 2000, print: lines => string.Join("⏎", lines));
    }
}
