using Gateway.Settings;

namespace Tests.Gateway.Settings;

/// <summary>The characters and the length a settings value may have (issue #28 §2); the API-level cases are in SettingsApiTests.</summary>
public sealed class SettingsValueRulesTests
{
    [Theory]
    [InlineData("https://dev.runpay.com/PosIntegration2")]
    [InlineData("Касса №1 — зал")]
    [InlineData("C:\\Кассир\\N100.pfx")]
    [InlineData("p@ss w0rd!#$%^&*()")]
    [InlineData("😀 emoji")]
    public void OrdinaryVisibleText_IsAllowed(string value)
    {
        Assert.Null(SettingsValueRules.Problem(SettingsKeys.ServerCertificate, value));
    }

    [Theory]
    [InlineData("ab\u0085cd", "U+0085")] // Cc: next line
    [InlineData("ab\u00ADcd", "U+00AD")] // Cf: soft hyphen
    [InlineData("ab\u2060cd", "U+2060")] // Cf: word joiner
    [InlineData("ab\u3000cd", "U+3000")] // Zs: ideographic space
    [InlineData("ab\u0378cd", "U+0378")] // Cn: unassigned
    public void InvisibleCharacter_IsRefused_NamingItsCodeAndTheField(string value, string code)
    {
        var problem = SettingsValueRules.Problem(SettingsKeys.AgentKey, value);

        Assert.NotNull(problem);
        Assert.Contains(code, problem, StringComparison.Ordinal);
        Assert.Contains("«Ключ агента» (agentKey)", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(value, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void LoneSurrogate_IsRefused()
    {
        var problem = SettingsValueRules.Problem(SettingsKeys.CertificatePassword, "pass\uDC00");

        Assert.Contains("surrogate", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Length_CappedAtMaxLength()
    {
        Assert.Null(SettingsValueRules.Problem(SettingsKeys.Mode, new string('a', SettingsValueRules.MaxLength)));
        Assert.Contains("1024", SettingsValueRules.Problem(SettingsKeys.Mode, new string('a', SettingsValueRules.MaxLength + 1)), StringComparison.Ordinal);
    }
}
