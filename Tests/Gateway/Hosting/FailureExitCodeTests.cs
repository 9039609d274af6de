using System.Diagnostics;
using System.Security.Cryptography;
using Gateway.Hosting;
using Gateway.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tests.Gateway.Journal;
using Tests.Support;

namespace Tests.Gateway.Hosting;

/// <summary>
/// The process's exit code: non-zero after a background service's failure (the .NET host's StopHost default exits 0,
/// and a service manager restarts only a failed process) and after a refused journal; 0 after a requested stop.
/// </summary>
public sealed class FailureExitCodeTests : IDisposable
{
    private readonly TempDirectory _data = new("exit-code");

    [Fact]
    public async Task BackgroundServiceFailure_StopsTheHost_WithExitCode70()
    {
        using var host = Host(failing: true);
        var exit = host.Services.GetRequiredService<FailureExitCode>();

        await host.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(FailureExitCode.BackgroundServiceFailed, exit.Code);
    }

    [Fact]
    public async Task RequestedStop_ExitsWithZero()
    {
        using var host = Host(failing: false);
        await host.StartAsync();

        await host.StopAsync();

        Assert.Equal(0, host.Services.GetRequiredService<FailureExitCode>().Code);
    }

    [Fact]
    public async Task GatewayProcess_OnAJournalFromANewerVersion_Exits65_NamingBothVersions_FileUntouched()
    {
        var path = JournalUpgradeTests.CopyTestData("v2", _data.Path);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version=7";
            command.ExecuteNonQuery();
        }
        var before = SHA256.HashData(File.ReadAllBytes(path));

        var (exitCode, output) = await RunGatewayAsync("--Gateway:DataDirectory=" + _data.Path);

        Assert.Equal(FailureExitCode.JournalTooNew, exitCode);
        Assert.Contains($"(схема журнала 7), а эта версия {GatewayVersion.Product} понимает схему не новее {JournalSchema.Version}", output);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
        var log = File.ReadAllLines(Directory.GetFiles(Path.Combine(_data.Path, "logs")).Single());
        Assert.EndsWith($"{GatewayVersion.Describe()}, process {log[0].Split(' ')[^1]}", log[0]);
        Assert.Contains("[CRT]", log[1]);
    }

    public void Dispose() => _data.Dispose();

    private static IHost Host(bool failing)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<FailureExitCode>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FailureExitCode>());
        if (failing)
        {
            builder.Services.AddHostedService<FailingService>();
        }
        return builder.Build();
    }

    private static async Task<(int ExitCode, string Output)> RunGatewayAsync(params string[] settings)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Gateway.dll");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "--environment", "Production", "--urls", $"http://127.0.0.1:{GatewayProcess.FreePort()}" }.Concat(settings))
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await output + await error);
    }

    private sealed class FailingService : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new InvalidOperationException("the poller's store went away");
        }
    }
}
