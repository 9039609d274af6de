using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.ServiceModel;
using System.Text;

namespace Bench;

/// <summary>Where the repository and the built Gateway.dll are.</summary>
internal sealed record RepoPaths(string Root, string GatewayDll, string BenchDll)
{
    public static RepoPaths Locate()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LocalPayGateway.sln")))
        {
            dir = dir.Parent;
        }
        if (dir is null)
        {
            throw new InvalidOperationException("LocalPayGateway.sln not found above " + AppContext.BaseDirectory);
        }
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var gateway = Path.Combine(dir.FullName, "Gateway", "bin", configuration, "net10.0", "Gateway.dll");
        if (!File.Exists(gateway))
        {
            throw new InvalidOperationException($"{gateway} is missing: run through `dotnet run -c Release --project bench` (it builds the gateway).");
        }
        return new RepoPaths(dir.FullName, gateway, typeof(RepoPaths).Assembly.Location);
    }
}

internal static class Machine
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        return $"{Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), "
            + $"{RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, "
            + $"{TimeProvider.System.GetUtcNow().UtcDateTime:yyyy-MM-dd HH:mm} UTC, load average at start {load}";
    }
}

internal static class Net
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal static class Percentiles
{
    public static double Of(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }
        var index = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    public static string Summary(List<double> values, string unit = "ms")
    {
        values.Sort();
        return string.Create(CultureInfo.InvariantCulture,
            $"p50 {Of(values, 50):0.0} {unit}, p99 {Of(values, 99):0.0} {unit}, max {(values.Count > 0 ? values[^1] : double.NaN):0.0} {unit} (n={values.Count})");
    }
}

/// <summary>A child process's own resources, from /proc.</summary>
internal sealed record ProcSample(double RssMb, int Threads, double CpuSeconds)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static ProcSample Read(int pid)
    {
        double rss = 0;
        var threads = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
            else if (line.StartsWith("Threads:", StringComparison.Ordinal))
            {
                threads = int.Parse(line.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        var cpu = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        return new ProcSample(rss, threads, cpu);
    }
}

/// <summary>A child process (the gateway or the bare app) with its output drained (and kept for parsing).</summary>
internal sealed class Child : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Action<string>? _onLine;
    private readonly StringBuilder _tail = new();

    private Child(Process process, Action<string>? onLine)
    {
        _process = process;
        _onLine = onLine;
    }

    public int Pid => _process.Id;

    public string BaseUrl { get; private init; } = "";

    public long StartedAt { get; private init; }

    public static Child Start(string dll, int port, IEnumerable<string> args, Action<string>? onLine = null)
    {
        // A .dll runs under the dotnet host; anything else (the published package's self-contained Gateway) is run itself.
        var managed = dll.EndsWith(".dll", StringComparison.Ordinal);
        var info = new ProcessStartInfo(managed ? "dotnet" : dll)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (managed)
        {
            info.ArgumentList.Add(dll);
        }
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(info)!;
        var child = new Child(process, onLine) { BaseUrl = $"http://127.0.0.1:{port}", StartedAt = started };
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return _tail.ToString();
            }
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        _onLine?.Invoke(line);
        lock (_tail)
        {
            if (_tail.Length > 20_000)
            {
                _tail.Remove(0, 10_000);
            }
            _tail.AppendLine(line);
        }
    }

    /// <summary>Polls <paramref name="path"/> until it answers <paramref name="accept"/>; returns seconds since the process started.</summary>
    public async Task<double> WaitAnswerAsync(HttpClient http, string path, Func<HttpStatusCode, bool> accept, TimeSpan limit)
    {
        var until = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"process exited ({_process.ExitCode}):\n{Tail}");
            }
            try
            {
                using var response = await http.GetAsync(BaseUrl + path);
                if (accept(response.StatusCode))
                {
                    return Stopwatch.GetElapsedTime(StartedAt).TotalSeconds;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(5);
        }
        throw new TimeoutException($"{BaseUrl}{path} did not answer within {limit}:\n{Tail}");
    }

    public ProcSample Sample() => ProcSample.Read(_process.Id);

    /// <summary>SIGKILL (<see cref="Process.Kill(bool)"/>): no shutdown code runs, as when the server loses power.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

/// <summary>One benchmark's rows for the table.</summary>
internal sealed class Section(string name, string title)
{
    public string Name { get; } = name;
    public string Title { get; } = title;
    public List<(string Metric, string Value, string Target, string Verdict)> Rows { get; } = [];
    public List<string> Notes { get; } = [];

    public void Row(string metric, string value, string target = "", bool? met = null) =>
        Rows.Add((metric, value, target, met switch { true => "✅", false => "❌", null => "" }));

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"### {Name.ToUpperInvariant()} — {Title}");
        sb.AppendLine();
        sb.AppendLine("| metric | measured | target | |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var (metric, value, target, verdict) in Rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {metric} | {value} | {target} | {verdict} |");
        }
        foreach (var note in Notes)
        {
            sb.AppendLine();
            sb.AppendLine(note);
        }
        return sb.ToString();
    }
}

internal sealed class Report(string machine)
{
    private readonly List<Section> _sections = [];

    public void Add(Section section) => _sections.Add(section);

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Benchmark results");
        sb.AppendLine();
        sb.AppendLine("Produced by `dotnet run -c Release --project bench -- all` (see docs/benchmarks.md for what each number means).");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine}.");
        sb.AppendLine();
        sb.AppendLine("The machine was shared with other agents building and testing at the same time: absolute numbers are noisy, "
            + "ratios against a yardstick measured in the same run are the figures to read.");
        sb.AppendLine();
        foreach (var s in _sections)
        {
            sb.AppendLine(s.ToMarkdown());
        }
        return sb.ToString();
    }
}
