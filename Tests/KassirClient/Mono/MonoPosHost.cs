using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Tests.Support;

namespace Tests.KassirClient.Mono;

/// <summary>
/// A POS program on .NET Framework: <c>PosHost.cs</c> compiled with Mono's <c>mcs</c> against the 4.6.2
/// reference assemblies into an empty folder that then holds only <c>PosHost.exe</c> and the net462
/// <c>KassirClient.dll</c> (no System.Text.Json, no Microsoft.Bcl.*, no .config), and run with <c>mono</c>.
/// <c>.ci/run</c> installs mono-devel.
/// </summary>
internal sealed class MonoPosHost : IDisposable
{
    private const string ApiDirectory = "/usr/lib/mono/4.6.2-api";
    private readonly TempDirectory folder = new("kassir-mono");

    private MonoPosHost()
    {
    }

    public string Folder => folder.Path;

    public static async Task<MonoPosHost> CompileAsync()
    {
        Assert.True(File.Exists("/usr/bin/mcs") && Directory.Exists(ApiDirectory),
            "Mono is needed for this test: apt-get install mono-devel (.ci/run does it).");
        var host = new MonoPosHost();
        File.Copy(KassirClientReferencesTests.Net462Dll(), Path.Combine(host.Folder, "KassirClient.dll"));
        var source = Path.Combine(SourceDirectory(), "PosHost.cs");
        var (code, output) = await RunToEndAsync("mcs",
            ["-nostdlib", "-lib:" + ApiDirectory, "-r:mscorlib.dll", "-r:System.dll", "-r:System.Net.Http.dll",
             "-r:KassirClient.dll", "-warnaserror", "-out:PosHost.exe", source], host.Folder);
        Assert.True(code == 0, "mcs failed: " + output);
        return host;
    }

    /// <summary>Starts the POS program paying at <paramref name="gateway"/>; <paramref name="mode"/> is sync or async.</summary>
    /// <param name="refund">Return a paid receipt in full afterwards (the REFUND line).</param>
    /// <param name="fallback">Given as <c>LocalPayClientOptions.FallbackAddresses</c> when set.</param>
    public PosRun Start(Uri gateway, string terminalId, string mode, int maxWaitSeconds = 60, decimal amount = 150.25m, bool refund = false,
        Uri? fallback = null) =>
        new(Process.Start(Info("mono", ["PosHost.exe", gateway + (fallback is null ? "" : "," + fallback), terminalId, mode, Invariant(maxWaitSeconds), Invariant(amount), .. refund ? new[] { "refund" } : []], Folder))!);

    private static string Invariant(IFormattable value) => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => folder.Dispose();

    private static ProcessStartInfo Info(string file, string[] args, string directory)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        // Nothing from the environment may help the DLL load: no extra probing path.
        info.Environment.Remove("MONO_PATH");
        info.Environment.Remove("MONO_GAC_PREFIX");
        return info;
    }

    private static async Task<(int Code, string Output)> RunToEndAsync(string file, string[] args, string directory)
    {
        using var process = Process.Start(Info(file, args, directory))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}

/// <summary>One run of the POS program: its QR line, its result line, and the cashier's «Отмена» on stdin.</summary>
internal sealed class PosRun : IDisposable
{
    private static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(60);
    private readonly Process process;
    private readonly Channel<string> lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder log = new();

    public PosRun(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => OnLine(e.Data, "");
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, "stderr: ");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Waits for the QR the POS would print: its payment id, whether it came on the UI thread, its deadline.</summary>
    public async Task<(string PaymentId, bool OnUiThread, DateTimeOffset Deadline)> QrAsync()
    {
        var parts = (await LineAsync("QR ")).Split(' ');
        return (parts[1], parts[2] == "True", DateTimeOffset.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task<PosResult> ResultAsync()
    {
        var parts = (await LineAsync("RESULT ")).Substring("RESULT ".Length).Split('|', 4);
        return new PosResult(parts[0], parts[1], parts[2], parts[3]);
    }

    /// <summary>The refund's outcome, error code, refund id and message.</summary>
    public async Task<PosResult> RefundAsync()
    {
        var parts = (await LineAsync("REFUND ")).Substring("REFUND ".Length).Split('|', 4);
        return new PosResult(parts[0], parts[1], parts[2], parts[3]);
    }

    public async Task CancelAsync()
    {
        await process.StandardInput.WriteLineAsync("cancel");
        await process.StandardInput.FlushAsync();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
        }

        process.Dispose();
    }

    private async Task<string> LineAsync(string prefix)
    {
        using var timeout = new CancellationTokenSource(LineTimeout);
        try
        {
            while (true)
            {
                var line = await lines.Reader.ReadAsync(timeout.Token);
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }

                Assert.False(line.StartsWith("THREW", StringComparison.Ordinal), Log());
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            Assert.Fail("The POS program printed no '" + prefix.Trim() + "' line. Its output:\n" + Log());
            throw;
        }
    }

    private void OnLine(string? line, string tag)
    {
        lock (log)
        {
            log.AppendLine(tag + line);
        }

        if (line is null)
        {
            if (tag.Length == 0)
            {
                lines.Writer.TryComplete();
            }

            return;
        }

        if (tag.Length == 0)
        {
            lines.Writer.TryWrite(line);
        }
    }

    private string Log()
    {
        lock (log)
        {
            return log.ToString();
        }
    }
}

internal sealed record PosResult(string Outcome, string ErrorCode, string PaymentId, string Message);
