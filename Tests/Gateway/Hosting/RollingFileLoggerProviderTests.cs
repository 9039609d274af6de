using Gateway.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Tests.Gateway.Hosting;

public sealed class RollingFileLoggerProviderTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("lpg-logs-");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Log_GoesToTheFileOfItsDay_WithLevelCategoryAndMessage()
    {
        var provider = new RollingFileLoggerProvider(_dir.FullName, 30, _time);

        provider.CreateLogger("Gateway.Payments").LogWarning("Payment {Id} paid late", "p1");
        _time.Advance(TimeSpan.FromDays(1));
        provider.CreateLogger("Gateway.Payments").LogInformation("next day");
        provider.Dispose();

        var first = File.ReadAllText(Path.Combine(_dir.FullName, "gateway-20261128.log"));
        Assert.Contains("[WRN] Gateway.Payments: Payment p1 paid late", first, StringComparison.Ordinal);
        Assert.Contains("next day", File.ReadAllText(Path.Combine(_dir.FullName, "gateway-20261129.log")), StringComparison.Ordinal);
    }

    [Fact]
    public void NewFile_DeletesTheOldestBeyondTheRetainedCount()
    {
        foreach (var day in new[] { "20261101", "20261102", "20261103", "20261104" })
        {
            File.WriteAllText(Path.Combine(_dir.FullName, $"gateway-{day}.log"), "old");
        }
        var provider = new RollingFileLoggerProvider(_dir.FullName, 3, _time);

        provider.CreateLogger("x").LogInformation("today");
        provider.Dispose();

        Assert.Equal(["gateway-20261103.log", "gateway-20261104.log", "gateway-20261128.log"],
            _dir.GetFiles().Select(f => f.Name).Order(StringComparer.Ordinal));
    }
}
