using Gateway.Payments;
using Gateway.Storage;
using static Tests.Gateway.Settings.SettingsCorpus;

namespace Tests.Gateway.Settings;

public class PaymentTypesReaderTests
{
    [Fact]
    public void Read_GoodFile_MapsEverySystemToItsCode()
    {
        var result = ReadTypes(GoodTypes);

        Assert.Empty(result.Warnings);
        Assert.Equal([5, 6, 7, 8], Enum.GetValues<PaymentSystem>().Select(s => result.Value!.CodeOf(s)));
        Assert.Equal(PaymentSystem.WeChat, result.Value!.SystemOf(7));
    }

    [Fact]
    public void Read_ZeroOrMissingLine_LeavesTheSystemUnconfigured()
    {
        var result = ReadTypes("SBP = 5\r\nalipay=0\r\n");

        Assert.Equal(5, result.Value!.CodeOf(PaymentSystem.Sbp));
        Assert.Null(result.Value.CodeOf(PaymentSystem.Alipay));
        Assert.Null(result.Value.CodeOf(PaymentSystem.WeChat));
    }

    [Fact]
    public void Read_TwoSystemsWithOneCode_IsAnErrorNamingBoth()
    {
        var result = ReadTypes("Sbp=5\nWebMoney=5\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal((2, "webMoney"), (error.Line, error.Field));
        Assert.Contains("code 5 is already given to Sbp (line 1)", error.English, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownSystem_IsAnErrorListingTheAllowedOnes()
    {
        var result = ReadTypes("Sbp=5\nQiwi=9\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Contains("Allowed: Sbp, WebMoney, WeChat, Alipay", error.English, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sbp=-1")]
    [InlineData("Sbp=five")]
    public void Read_CodeNotANumber_IsAnError(string line)
    {
        var result = ReadTypes(line);

        Assert.Contains("must be a non-negative whole number", Assert.Single(result.Errors).English, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyFile_IsValidButWarnsNothingIsConfigured()
    {
        var result = ReadTypes("");

        Assert.True(result.IsValid);
        Assert.Contains("no payment system is configured", Assert.Single(result.Warnings).English, StringComparison.Ordinal);
    }
}
