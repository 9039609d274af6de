using Gateway.Settings;

namespace Tests.Gateway.Settings;

public class CertificateCheckTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static CertificateCheck.Result Check(TestSettingsDirectory dir, string? password = null)
    {
        var settings = SettingsCorpus.ReadSettings(SettingsCorpus.Good).Value!;
        return CertificateCheck.Check(dir.Path, password is null ? settings : settings with { CertificatePassword = password }, Now);
    }

    [Fact]
    public void Check_GoodCertificate_LoadsWithItsPrivateKey()
    {
        using var dir = new TestSettingsDirectory();

        var result = Check(dir);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.True(result.ClientCertificate!.HasPrivateKey);
    }

    [Fact]
    public void Check_MissingFile_SaysWhereToPutWhichFile()
    {
        using var dir = new TestSettingsDirectory();
        File.Delete(dir.File("N100.pfx"));

        var result = Check(dir);

        var error = Assert.Single(result.Errors);
        Assert.Contains($"N100.pfx: the POS certificate file is not in the settings folder {dir.Path}", error.EnglishText, StringComparison.Ordinal);
        Assert.Null(result.ClientCertificate);
    }

    [Fact]
    public void Check_WrongPassword_SaysSoWithoutShowingAnyPassword()
    {
        using var dir = new TestSettingsDirectory();

        var result = Check(dir, password: "wrong-secret");

        var error = Assert.Single(result.Errors);
        Assert.Contains("does not open with CertificatePassword", error.English, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestSettingsDirectory.Password, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ExpiredCertificate_IsAnErrorWithTheDate()
    {
        using var dir = new TestSettingsDirectory();
        dir.WriteCertificate("N100.pfx", Now.AddYears(-2), Now.AddDays(-3));

        var result = Check(dir);

        Assert.Contains($"expired on {Now.AddDays(-3):dd.MM.yyyy}", Assert.Single(result.Errors).English, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ExpiringWithin30Days_LoadsWithAWarning()
    {
        using var dir = new TestSettingsDirectory();
        dir.WriteCertificate("N100.pfx", Now.AddYears(-1), Now.AddDays(10));

        var result = Check(dir);

        Assert.NotNull(result.ClientCertificate);
        Assert.Contains("days left", Assert.Single(result.Warnings).English, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NoPrivateKey_IsAnError()
    {
        using var dir = new TestSettingsDirectory();
        dir.WriteCertificate("N100.pfx", Now.AddDays(-1), Now.AddYears(1), withPrivateKey: false);

        var result = Check(dir);

        Assert.Contains("holds no private key", Assert.Single(result.Errors).English, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_GarbageInsteadOfPfx_IsAnError()
    {
        using var dir = new TestSettingsDirectory();
        File.WriteAllText(dir.File("N100.pfx"), "not a certificate");

        var result = Check(dir);

        Assert.Contains("cannot be read as a PKCS#12", Assert.Single(result.Errors).English, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_PinnedServerCertificateMissing_IsAnError()
    {
        using var dir = new TestSettingsDirectory();
        var settings = SettingsCorpus.ReadSettings(SettingsCorpus.Good).Value! with { ServerCertificate = "server.cer" };

        var result = CertificateCheck.Check(dir.Path, settings, Now);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("server.cer", "serverCertificate"), (error.File, error.Field));
    }
}
