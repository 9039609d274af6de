using Gateway.Settings;
using static Tests.Gateway.Settings.SettingsCorpus;

namespace Tests.Gateway.Settings;

public class WebMoneySettingsReaderTests
{
    [Fact]
    public void Read_GoodFile_GivesEverySettingWithoutWarnings()
    {
        var result = ReadSettings(Good);

        Assert.True(result.IsValid);
        Assert.Empty(result.Warnings);
        var s = result.Value!;
        Assert.Equal(("1234", "0", "N100", "secret-agent-key", "0", "pfx-password"), (s.AgentId, s.Wmid, s.PosNumber, s.AgentKey, s.CrsId, s.CertificatePassword));
        Assert.Equal((180, 3), (s.TimeoutSeconds, s.MaxStatusErrors));
        Assert.Equal(new Uri("https://dev.runpay.com/PosIntegration2/ApiService.svc"), s.Endpoint);
    }

    [Fact]
    public void Read_FileWithBomAndCrlf_ReadsTheSame()
    {
        var result = ReadSettings(Good.Replace("\n", "\r\n"), bom: true);

        Assert.True(result.IsValid);
        Assert.Empty(result.Warnings);
        Assert.Equal("N100", result.Value!.PosNumber);
        Assert.Equal("/PosIntegration2/ApiService.svc", result.Value.ServiceAddress);
    }

    [Fact]
    public void Read_OddSpacingAndKeyCase_ReadsValuesAndSaysWhichKeysItRenamed()
    {
        var text = Good.Replace("AgentId=1234", "  agentid =  1234  ").Replace("PosNumber=N100", "POSNUMBER\t=\tN100");

        var result = ReadSettings(text);

        Assert.True(result.IsValid);
        Assert.Equal(("1234", "N100"), (result.Value!.AgentId, result.Value.PosNumber));
        Assert.Contains(result.Warnings, w => w.Line == 3 && w.English.Contains("\"agentid\" read as AgentId", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Line == 5 && w.Russian.Contains("прочитан как PosNumber", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_TrailingSlashOnServerAddress_RemovesItWithAWarning()
    {
        var result = ReadSettings(Replace("ServerAddress", "ServerAddress=https://dev.runpay.com/"));

        Assert.Equal("https://dev.runpay.com", result.Value!.ServerAddress);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal((11, "serverAddress"), (warning.Line, warning.Field));
    }

    [Fact]
    public void Read_ServiceAddressWithoutLeadingSlash_AddsItWithAWarning()
    {
        var result = ReadSettings(Replace("ServiceAddress", "ServiceAddress=PosIntegration2/ApiService.svc"));

        Assert.Equal("/PosIntegration2/ApiService.svc", result.Value!.ServiceAddress);
        Assert.Contains("leading '/' was added", Assert.Single(result.Warnings).English, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WholeServiceUrlPastedIntoServerAddress_SplitsItWithAWarning()
    {
        var text = Without("ServiceAddress").Replace("ServerAddress=https://dev.runpay.com", "ServerAddress=https://dev.runpay.com/PosIntegration2/ApiService.svc");

        var result = ReadSettings(text);

        Assert.Equal(("https://dev.runpay.com", "/PosIntegration2/ApiService.svc"), (result.Value!.ServerAddress, result.Value.ServiceAddress));
        Assert.Contains("whole service URL", Assert.Single(result.Warnings).English, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ServiceUrlInServerAddressContradictingServiceAddress_IsAnError()
    {
        var result = ReadSettings(Replace("ServerAddress", "ServerAddress=https://dev.runpay.com/Other/Api.svc"));

        Assert.False(result.IsValid);
        Assert.Equal(11, Assert.Single(result.Errors).Line);
    }

    [Theory]
    [InlineData("AgentId")]
    [InlineData("PosNumber")]
    [InlineData("AgentKey")]
    [InlineData("ServerAddress")]
    public void Read_RequiredKeyMissing_NamesTheKeyAndTheLineToAdd(string key)
    {
        var result = ReadSettings(Without(key));

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(SettingsKeys.FieldOf(key), error.Field);
        Assert.Contains($"Add the line {key}=", error.EnglishText, StringComparison.Ordinal);
        Assert.Contains($"Добавьте строку {key}=", error.RussianText, StringComparison.Ordinal);
        Assert.StartsWith("WebMoneySettings.txt: ", error.EnglishText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TimeoutSeconds=abc", 9)]
    [InlineData("TimeoutSeconds=-5", 9)]
    [InlineData("TimeoutSeconds=0", 9)]
    [InlineData("MaxStatusErrors=-1", 10)]
    [InlineData("MaxStatusErrors=3.5", 10)]
    [InlineData("Wmid=abc", 4)]
    [InlineData("CrsId=-1", 7)]
    public void Read_NonNumericOrNegativeNumber_IsAnErrorOnItsLine(string line, int lineNumber)
    {
        var key = line.Split('=')[0];

        var result = ReadSettings(Replace(key, line));

        var error = Assert.Single(result.Errors);
        Assert.Equal(lineNumber, error.Line);
        Assert.Contains($"WebMoneySettings.txt, line {lineNumber}: {key} must be", error.EnglishText, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TimeoutBelow120_IsAllowedWithAWarning()
    {
        var result = ReadSettings(Replace("TimeoutSeconds", "TimeoutSeconds=60"));

        Assert.Equal(60, result.Value!.TimeoutSeconds);
        Assert.Contains("below the recommended 120 s", Assert.Single(result.Warnings).English, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ServerAddress=http://dev.runpay.com", "must start with https://")]
    [InlineData("ServerAddress=dev.runpay.com", "is not a server address")]
    [InlineData("ServerAddress=ftp://dev.runpay.com", "is not a server address")]
    [InlineData("Mode=Terminal", "the only mode is QrReceipt")]
    [InlineData("PosNumber=../etc/passwd", "cannot name the certificate file")]
    [InlineData("PosNumber=CON", "cannot name the certificate file")]
    [InlineData("AgentId=12 34", "cannot contain spaces")]
    public void Read_InvalidValue_IsAnErrorWithTheFix(string line, string expected)
    {
        var result = ReadSettings(Replace(line.Split('=')[0], line));

        Assert.False(result.IsValid);
        Assert.Contains(expected, Assert.Single(result.Errors).English, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HttpOnLoopback_IsAllowed()
    {
        var result = ReadSettings(Replace("ServerAddress", "ServerAddress=http://127.0.0.1:8080"));

        Assert.Equal("http://127.0.0.1:8080", result.Value!.ServerAddress);
    }

    [Fact]
    public void Read_DuplicateKey_IsAnErrorNamingBothLines()
    {
        var result = ReadSettings(Good + "agentId=999\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(13, error.Line);
        Assert.Contains("already set on line 3", error.English, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownKey_IsKeptWithAWarning()
    {
        var result = ReadSettings(Good + "Colour=blue\n");

        Assert.True(result.IsValid);
        Assert.Contains("unknown key \"Colour\"", Assert.Single(result.Warnings).English, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LineWithoutEquals_IsAnErrorSuggestingAComment()
    {
        var result = ReadSettings(Good + "this is a note\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(13, error.Line);
        Assert.Contains("make it a comment by putting # first", error.English, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyFile_ListsEveryRequiredKey()
    {
        var result = ReadSettings("");

        Assert.False(result.IsValid);
        Assert.Equal(["agentId", "posNumber", "agentKey", "serverAddress"], result.Errors.Select(e => e.Field));
    }

    [Fact]
    public void Read_Errors_NeverQuoteTheSecrets()
    {
        var result = ReadSettings(Replace("TimeoutSeconds", "TimeoutSeconds=x") + "AgentKey=again\n");

        Assert.All(result.Errors.Concat(result.Warnings), m => Assert.DoesNotContain("secret-agent-key", m.ToString(), StringComparison.Ordinal));
        Assert.All(result.Errors.Concat(result.Warnings), m => Assert.DoesNotContain("pfx-password", m.ToString(), StringComparison.Ordinal));
    }
}
