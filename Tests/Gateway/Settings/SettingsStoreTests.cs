using Gateway.Settings;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tests.Gateway.Settings;

public sealed class SettingsStoreTests : IDisposable
{
    private readonly TestSettingsDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// Waits until <see cref="SettingsStore.Current"/> satisfies the condition, looking every few milliseconds: the
    /// store raises no event (nothing in the product needs one), and its snapshot is what every reader sees.
    /// </summary>
    internal static async Task<SettingsSnapshot> WaitFor(SettingsStore store, Func<SettingsSnapshot, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var current = store.Current;
            if (condition(current))
            {
                return current;
            }
            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException("The settings store never reached the expected snapshot.");
            }
            await Task.Delay(20);
        }
    }

    private SettingsStore CreateStore() => new(_dir.Path, TimeProvider.System, NullLogger<SettingsStore>.Instance);

    [Fact]
    public void Current_GoodDirectory_IsUsableWithConnectionAndPaymentTypes()
    {
        using var store = CreateStore();

        var snapshot = store.Current;

        Assert.True(snapshot.IsUsable, snapshot.Problem);
        Assert.Equal("N100", snapshot.Connection!.Settings.PosNumber);
        Assert.Equal(5, snapshot.PaymentTypes.CodeOf(global::Gateway.Storage.PaymentSystem.Sbp));
        Assert.False(snapshot.Sandbox);
    }

    [Fact]
    public async Task HandEdit_IsPickedUpWithoutRestart_WhileTheOldSnapshotStaysAsItWas()
    {
        using var store = CreateStore();
        var before = store.Current;

        _dir.Write("WebMoneySettings.txt", SettingsCorpus.Replace("TimeoutSeconds", "TimeoutSeconds=240"));
        var after = await WaitFor(store, s => s.Settings?.TimeoutSeconds == 240);

        Assert.True(after.IsUsable);
        Assert.Equal(180, before.Settings!.TimeoutSeconds);
    }

    [Fact]
    public async Task BrokenEdit_MakesTheSnapshotUnusableWithTheReason_AndFixingItRecovers()
    {
        using var store = CreateStore();

        _dir.Write("WebMoneySettings.txt", SettingsCorpus.Without("AgentKey"));
        var broken = await WaitFor(store, s => !s.IsUsable);
        _dir.Write("WebMoneySettings.txt", SettingsCorpus.Good);
        var fixedAgain = await WaitFor(store, s => s.IsUsable);

        Assert.Contains("the required setting AgentKey is missing", broken.Problem, StringComparison.Ordinal);
        Assert.Contains("не задан обязательный параметр AgentKey", broken.Problem, StringComparison.Ordinal);
        Assert.Null(fixedAgain.Problem);
    }

    [Fact]
    public async Task CertificateDroppedInLater_MakesTheGatewayUsable()
    {
        File.Delete(_dir.File("N100.pfx"));
        using var store = CreateStore();
        Assert.Contains("N100.pfx", store.Current.Problem, StringComparison.Ordinal);

        _dir.WriteCertificate("N100.pfx", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var snapshot = await WaitFor(store, s => s.IsUsable);

        Assert.NotNull(snapshot.Connection!.ClientCertificate);
    }

    [Fact]
    public void Current_EmptyDirectory_ExplainsTheMissingFileAndWarnsAboutPaymentTypes()
    {
        using var empty = new TestSettingsDirectory(withFiles: false);
        using var store = new SettingsStore(empty.Path, TimeProvider.System, NullLogger<SettingsStore>.Instance);

        var snapshot = store.Current;

        Assert.False(snapshot.IsUsable);
        Assert.Contains("WebMoneySettings.txt: the settings file is not in the settings folder", snapshot.Problem, StringComparison.Ordinal);
        Assert.Contains(snapshot.WarningMessages, w => w.File == "WebMoneyPaymentTypes.txt");
    }

    [Fact]
    public void Current_BinaryGarbageInPaymentTypes_IsAProblemNamingTheFile()
    {
        File.WriteAllBytes(_dir.File("WebMoneyPaymentTypes.txt"), [0x00, 0xFF, 0x13, 0x37, 0x00]);
        using var store = CreateStore();

        var snapshot = store.Current;

        Assert.False(snapshot.IsUsable);
        Assert.StartsWith("WebMoneyPaymentTypes.txt", Assert.Single(snapshot.Errors).EnglishText, StringComparison.Ordinal);
    }

    [Fact]
    public void Current_FiveMegabyteSettingsFile_IsAProblemSayingItIsTooLarge()
    {
        File.WriteAllBytes(_dir.File("WebMoneySettings.txt"), new byte[5 * 1024 * 1024]);
        using var store = CreateStore();

        var snapshot = store.Current;

        Assert.False(snapshot.IsUsable);
        Assert.Contains("WebMoneySettings.txt: the file is too large (5120 KB", snapshot.Problem, StringComparison.Ordinal);
    }
}
