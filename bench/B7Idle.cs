using System.Globalization;
using System.Net;

namespace Bench;

/// <summary>
/// B7: what an idle gateway costs. The gateway (Production, live settings against the emulator, default limits, no
/// payments) and the bare app run side by side, are left alone for a warm-up, then measured over the same window:
/// CPU (utime+stime from /proc/PID/stat) and wake-ups (voluntary context switches, summed over the process's
/// threads from /proc/PID/task/*/status). Per-thread accounting of the gateway points at whoever still wakes up.
/// </summary>
internal static class B7Idle
{
    // BENCH_B7_WARMUP_SECONDS lengthens the warm-up (to see the steady state once tiered JIT has settled).
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("BENCH_B7_WARMUP_SECONDS"), CultureInfo.InvariantCulture, out var s) ? s : 10);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    public static async Task<Section> RunAsync(RepoPaths paths, EmulatorRig rig)
    {
        var section = new Section("b7", $"idle cost: CPU and wake-ups over {Window.TotalSeconds:0} s with nothing to do");
        var data = Path.Combine(Path.GetTempPath(), "lpg-bench-data-" + Guid.NewGuid().ToString("N")[..8]);
        IdleSample gateway, bare, gatewayLater, bareLater;
        await using (var gw = Child.Start(paths.GatewayDll, Net.FreePort(), rig.ProductionArgs(data)))
        await using (var app = Child.Start(paths.BenchDll, Net.FreePort(), ["bare"]))
        {
            // Disposed before measuring: its pooled connections would be idle sockets of ours in both processes.
            using (var http = Load.NewClient(2))
            {
                await gw.WaitAnswerAsync(http, "/health/ready", s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
                await app.WaitAnswerAsync(http, "/health/ready", s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            }
            await Task.Delay(Warmup);
            var gw0 = IdleSample.Read(gw.Pid);
            var bare0 = IdleSample.Read(app.Pid);
            await Task.Delay(Window);
            gateway = IdleSample.Read(gw.Pid) - gw0;
            bare = IdleSample.Read(app.Pid) - bare0;
            // A second window: what is left once the one-time work after start-up (tier-1 JIT) has settled.
            var gw1 = IdleSample.Read(gw.Pid);
            var bare1 = IdleSample.Read(app.Pid);
            await Task.Delay(Window);
            gatewayLater = IdleSample.Read(gw.Pid) - gw1;
            bareLater = IdleSample.Read(app.Pid) - bare1;
        }
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }

        var seconds = Window.TotalSeconds;
        var ratio = gateway.CpuSeconds / Math.Max(bare.CpuSeconds, 0.01);
        section.Row($"gateway CPU over {seconds:0} s idle", Cpu(gateway.CpuSeconds, seconds), "≤ 2× bare", ratio <= 2);
        section.Row($"bare app CPU over {seconds:0} s idle", Cpu(bare.CpuSeconds, seconds));
        section.Row("ratio gateway / bare (CPU; bare floored at 0.01 s)", ratio.ToString("0.0", CultureInfo.InvariantCulture), "≤ 2", ratio <= 2);
        section.Row($"the next {seconds:0} s: gateway / bare CPU", string.Create(CultureInfo.InvariantCulture,
            $"{Cpu(gatewayLater.CpuSeconds, seconds)} / {Cpu(bareLater.CpuSeconds, seconds)}; wake-ups {gatewayLater.Switches / seconds:0.0} / {bareLater.Switches / seconds:0.0} /s"));
        section.Row("gateway wake-ups (voluntary context switches)", string.Create(CultureInfo.InvariantCulture, $"{gateway.Switches / seconds:0.0} /s"));
        section.Row("bare app wake-ups", string.Create(CultureInfo.InvariantCulture, $"{bare.Switches / seconds:0.0} /s"));
        section.Row("gateway threads that ran, by CPU (wake-ups, CPU)", Top(gateway.Threads, seconds));
        section.Row("the next 60 s: gateway threads that ran", Top(gatewayLater.Threads, seconds));
        section.Row("bare app threads that ran (first window)", Top(bare.Threads, seconds));
        section.Notes.Add($"Both processes started together, {Warmup.TotalSeconds:0} s of warm-up after both answered /health/ready, then "
            + $"{seconds:0} s untouched. CPU is utime+stime of the process (clock ticks, 10 ms resolution): it counts only what the "
            + "process itself ran, so it stays meaningful on a machine shared with other builds. Wake-ups are voluntary context "
            + "switches, each thread's difference over the window summed (a thread that retires in the window takes its count with it). The gateway runs with its default Security limits (the other "
            + "benchmarks lift them). The second window follows the first at once; the difference between the two is one-time "
            + "work after start-up (tiered JIT recompiling hot start-up code in the background), which a loaded machine spreads over "
            + "more seconds; what is left in the second is in docs/benchmarks.md (\"B7: what is left\").");
        return section;
    }

    private static string Top(ThreadSample[] threads, double seconds) => string.Join("; ", threads
        .Where(t => t.Switches > 0 || t.CpuSeconds > 0).OrderByDescending(t => t.CpuSeconds).ThenByDescending(t => t.Switches).Take(8)
        .Select(t => string.Create(CultureInfo.InvariantCulture, $"`{t.Name}` {t.Switches / seconds:0.0}/s {t.CpuSeconds:0.00} s")));

    private static string Cpu(double cpuSeconds, double wallSeconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{cpuSeconds:0.00} s ({cpuSeconds / wallSeconds * 100:0.00} % of one core)");

    /// <summary>
    /// CPU of the whole process; wake-ups summed per thread over the window (a thread-pool worker that retires in the
    /// window takes its count with it: a difference of two sums would subtract it, even below zero).
    /// </summary>
    private sealed record IdleSample(double CpuSeconds, ThreadSample[] Threads)
    {
        public static IdleSample Read(int pid) => new(ProcSample.Read(pid).CpuSeconds, ThreadSample.ReadAll(pid));

        public long Switches => Threads.Sum(t => t.Switches);

        public static IdleSample operator -(IdleSample a, IdleSample b) => new(a.CpuSeconds - b.CpuSeconds, ThreadSample.Delta(b.Threads, a.Threads));
    }

    private sealed record ThreadSample(int Tid, string Name, double CpuSeconds, long Switches)
    {
        public static ThreadSample[] ReadAll(int pid)
        {
            var list = new List<ThreadSample>();
            foreach (var dir in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    var cpu = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
                    var switches = File.ReadLines(Path.Combine(dir, "status"))
                        .Where(l => l.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
                        .Select(l => long.Parse(l.Split(':')[1].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();
                    var name = File.ReadAllText(Path.Combine(dir, "comm")).Trim();
                    list.Add(new ThreadSample(int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture), name, cpu, switches));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The thread ended between listing and reading.
                }
            }
            return [.. list];
        }

        /// <summary>Per thread over the window; threads born in the window count from zero.</summary>
        public static ThreadSample[] Delta(ThreadSample[] before, ThreadSample[] after)
        {
            var old = before.ToDictionary(t => t.Tid);
            return [.. after.Select(t => old.TryGetValue(t.Tid, out var b)
                ? t with { CpuSeconds = t.CpuSeconds - b.CpuSeconds, Switches = t.Switches - b.Switches }
                : t)];
        }
    }
}
