using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tests.Support;

/// <summary>
/// The built gateway (Gateway.dll, same configuration as the tests) as a process of its own, in Production on a
/// free loopback port, so a test can kill it with SIGKILL and start it again on the same data directory.
/// </summary>
public sealed class GatewayProcess(HttpClient http, TimeSpan readyWithin) : IDisposable
{
    private Process? _process;

    public Uri BaseUrl { get; private set; } = null!;

    public Uri Url(string path) => new(BaseUrl, path);

    /// <summary>Starts it with these extra command-line settings and waits until /health/ready answers 200.</summary>
    public async Task StartAsync(params string[] settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { GatewayDll(), "--environment", "Production", "--urls", $"http://127.0.0.1:{port}" }.Concat(settings))
        {
            start.ArgumentList.Add(arg);
        }
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        Assert.True(await Eventually.TrueAsync(async () =>
        {
            try
            {
                return (await http.GetAsync(Url("/health/ready"))).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, readyWithin, 100), "the gateway did not get ready");
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the PC loses power or the process is killed.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        _process?.Dispose();
        _process = null;
    }

    /// <summary>SIGTERM, as a service manager stops it (an update, a restart): the gateway shuts down gracefully.</summary>
    public async Task StopAsync()
    {
        var process = _process ?? throw new InvalidOperationException("The gateway is not running.");
        Signal("TERM");
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        process.Dispose();
        _process = null;
    }

    /// <summary>SIGSTOP: the process stands still — threads, timers, sockets — as in a long pause or a suspended VM, until <see cref="Resume"/>.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>SIGCONT: the paused process runs on from where it stood.</summary>
    public void Resume() => Signal("CONT");

    /// <summary>Sends a signal by name (<c>STOP</c>, <c>CONT</c>) to the running process, with kill(1).</summary>
    public void Signal(string name)
    {
        Assert.True(_process is { HasExited: false }, "the gateway is not running");
        using var kill = Process.Start("kill", [$"-{name}", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    public void Dispose() => Kill(); // SIGKILL ends a stopped (SIGSTOP) process too

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string GatewayDll()
    {
        // Tests/bin/<Configuration>/net10.0/Tests.dll → Gateway/bin/<Configuration>/net10.0/Gateway.dll
        var testsOut = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testsOut.Parent!.Name;
        var repo = testsOut.Parent.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(repo, "Gateway", "bin", configuration, testsOut.Name, "Gateway.dll");
        Assert.True(File.Exists(dll), $"{dll} not built");
        return dll;
    }
}
