using Gateway.Payments;
using Gateway.Settings;
using Gateway.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tests.Gateway.Settings;

/// <summary>The tills' folders (SPEC §15): keys inherited from the store's file, each till validated on its own.</summary>
public sealed class TerminalSettingsLoaderTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly TestSettingsDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_TillWithPosNumberAndPassword_InheritsTheRestAndItsCertificateLoads()
    {
        Till("2", "N102", "PosNumber=N102\nCertificatePassword=till-2\n", password: "till-2");

        var snapshot = SettingsLoader.Load(_dir.Path, false, Now);

        var till = snapshot.ForTerminal("2");
        Assert.True(till.IsUsable, till.Problem);
        Assert.Equal(("N102", "till-2", "secret-agent-key", "1234", 180), (till.Settings!.PosNumber, till.Settings.CertificatePassword, till.Settings.AgentKey, till.Settings.AgentId, till.Settings.TimeoutSeconds));
        Assert.Equal(snapshot.PaymentTypes, till.PaymentTypes);
        Assert.Same(snapshot, snapshot.ForTerminal("1"));
        Assert.True(snapshot.IsUsable, snapshot.Problem);
    }

    [Fact]
    public void Load_ModuleFolderCopiedAsItIs_ItsOwnFilesWinEveryKeyAndItsPaymentTypes()
    {
        Till("3", "N300", SettingsCorpus.Replace("PosNumber", "PosNumber=N300").Replace("TimeoutSeconds=180", "TimeoutSeconds=240", StringComparison.Ordinal));
        _dir.Write("terminals/3/WebMoneyPaymentTypes.txt", "Sbp=15\n");

        var till = SettingsLoader.Load(_dir.Path, false, Now).ForTerminal("3");

        Assert.True(till.IsUsable, till.Problem);
        Assert.Equal(240, till.Settings!.TimeoutSeconds);
        Assert.Equal(PaymentSystem.Sbp, till.PaymentTypes.SystemOf(15));
        Assert.Null(till.PaymentTypes.CodeOf(PaymentSystem.WeChat));
        Assert.Empty(till.WarningMessages);
    }

    [Fact]
    public void Load_BrokenLineInTillsFile_OnlyThatTillIsUnusable_TheMessageNamesItsFileAndLine()
    {
        Till("2", "N102", "PosNumber=N102\nCertificatePassword=pfx-password\nMaxStatusErrors=lots\n");
        Till("1", "N101", "PosNumber=N101\n");

        var snapshot = SettingsLoader.Load(_dir.Path, false, Now);

        var error = Assert.Single(snapshot.ForTerminal("2").Errors);
        Assert.Equal(("terminals/2/WebMoneySettings.txt", 3, "maxStatusErrors"), (error.File, error.Line, error.Field));
        Assert.False(snapshot.ForTerminal("2").IsUsable);
        Assert.True(snapshot.ForTerminal("1").IsUsable, snapshot.ForTerminal("1").Problem);
        Assert.True(snapshot.IsUsable);
    }

    [Fact]
    public void Load_TillFolderWithoutSettingsFileOrCertificate_SaysWhichFileIsMissing()
    {
        Directory.CreateDirectory(_dir.File("terminals/4"));
        Directory.CreateDirectory(_dir.File("terminals/5"));
        _dir.Write("terminals/5/WebMoneySettings.txt", "PosNumber=N105\n");

        var snapshot = SettingsLoader.Load(_dir.Path, false, Now);

        Assert.Equal("terminals/4/WebMoneySettings.txt", Assert.Single(snapshot.ForTerminal("4").Errors).File);
        Assert.Equal("terminals/5/N105.pfx", Assert.Single(snapshot.ForTerminal("5").Errors).File);
    }

    [Fact]
    public void Load_ErrorInAStoreLineTheTillInherits_NamesTheStoresFile()
    {
        _dir.Write("WebMoneySettings.txt", SettingsCorpus.Replace("CrsId", "CrsId=x"));
        Till("2", "N102", "PosNumber=N102\n");

        var till = SettingsLoader.Load(_dir.Path, false, Now).ForTerminal("2");

        var error = Assert.Single(till.Errors);
        Assert.Equal(("WebMoneySettings.txt", 7), (error.File, error.Line));
    }

    [Fact]
    public void ForPosNumber_NoIdentityHasIt_UnusableWithAProblemNamingIt()
    {
        Till("2", "N102", "PosNumber=N102\n");
        var snapshot = SettingsLoader.Load(_dir.Path, false, Now);

        var gone = snapshot.ForPosNumber("N107", "2");

        Assert.Same(snapshot.ForTerminal("2"), snapshot.ForPosNumber("N102", "7"));
        Assert.Same(snapshot, snapshot.ForPosNumber(null, "2"));
        Assert.False(gone.IsUsable);
        Assert.Contains("N107", gone.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_HandEditOfOneTill_PickedUpWithoutARestart_TheOtherTillKeepsItsSnapshot()
    {
        Till("1", "N101", "PosNumber=N101\n");
        Till("2", "N102", "PosNumber=N102\n");
        using var store = new SettingsStore(_dir.Path, TimeProvider.System, NullLogger<SettingsStore>.Instance);
        var before = store.Current;

        _dir.Write("terminals/2/WebMoneySettings.txt", "PosNumber=N102\nTimeoutSeconds=300\n");
        var after = await SettingsStoreTests.WaitFor(store, s => s.ForTerminal("2").Settings?.TimeoutSeconds == 300);

        Assert.Same(before.ForTerminal("1"), after.ForTerminal("1"));
        Assert.NotSame(before.ForTerminal("2").Connection, after.ForTerminal("2").Connection);
    }

    private void Till(string terminalId, string posNumber, string settings, string password = TestSettingsDirectory.Password)
    {
        Directory.CreateDirectory(_dir.File("terminals/" + terminalId));
        _dir.Write($"terminals/{terminalId}/WebMoneySettings.txt", settings);
        _dir.WriteCertificate($"terminals/{terminalId}/{posNumber}.pfx", Now.AddDays(-1), Now.AddYears(1), password);
    }
}
