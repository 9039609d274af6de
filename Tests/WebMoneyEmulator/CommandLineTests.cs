using System.Diagnostics;
using System.Net.Http.Json;
using WebMoneyEmulator;
using WebMoneyEmulator.Bundle;

namespace Tests.WebMoneyEmulator;

public sealed class CommandLineTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "wm-cli-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Parse_BundleOnly_UsesTheDocumentedDefaultUrls()
    {
        var parsed = EmulatorCommandLine.Parse(["--bundle", "dir"], out var error);

        Assert.Null(error);
        Assert.Equal(new EmulatorCommandLine.Arguments("dir", "https://127.0.0.1:7443", "http://127.0.0.1:7080", false), parsed);
    }

    [Fact]
    public void Parse_AllOptions_TakesThem()
    {
        var parsed = EmulatorCommandLine.Parse(["--bundle", "d", "--soap-url", "https://127.0.0.1:9443", "--control-url", "http://127.0.0.1:9080"], out _);

        Assert.Equal(new EmulatorCommandLine.Arguments("d", "https://127.0.0.1:9443", "http://127.0.0.1:9080", false), parsed);
    }

    [Theory]
    [InlineData(new string[0], "--bundle DIR is required.")]
    [InlineData(new[] { "--bundle" }, "'--bundle' needs a value.")]
    [InlineData(new[] { "--bundle", "d", "--port", "1" }, "Unknown option '--port'.")]
    public void Parse_BrokenArguments_SaysWhy(string[] args, string expected)
    {
        var parsed = EmulatorCommandLine.Parse(args, out var error);

        Assert.Null(parsed);
        Assert.Equal(expected, error);
    }

    [Fact]
    public async Task Init_WritesTheBundleAndExits()
    {
        using var output = new StringWriter();

        var code = await EmulatorCommandLine.RunAsync(["--init", _directory], output, TextWriter.Null);

        Assert.Equal(0, code);
        Assert.True(EmulatorBundle.Exists(_directory));
        Assert.Equal("https://127.0.0.1:7443", EmulatorBundle.Load(_directory).ServerAddress);
    }

    [Fact]
    public async Task Process_WithBundleArgument_WritesTheBundleAndServes()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "WebMoneyEmulator.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { dll, "--bundle", _directory, "--soap-url", "https://127.0.0.1:0", "--control-url", "http://127.0.0.1:0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        try
        {
            var control = await ReadUrlAsync(process, "Control:");
            using var http = new HttpClient { BaseAddress = control };

            var stats = await http.GetFromJsonAsync<Dictionary<string, int>>("/emulator/stats");

            Assert.Equal(0, stats!["CreateQrPayment"]);
            Assert.True(EmulatorBundle.Exists(_directory));
            Assert.StartsWith("https://127.0.0.1:", EmulatorBundle.Load(_directory).ServerAddress);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async Task<Uri> ReadUrlAsync(Process process, string label)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(label, StringComparison.Ordinal))
            {
                return new Uri(line[label.Length..].Trim());
            }
        }

        throw new InvalidOperationException("The emulator exited: " + await process.StandardError.ReadToEndAsync());
    }
}
