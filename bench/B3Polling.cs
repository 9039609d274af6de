using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;

namespace Bench;

/// <summary>
/// B3: 5,000 pending payments polled at the default 5 s interval. Lateness is read on the WebMoney side: for
/// each transaction, the gap between consecutive GetPaymentStatus arrivals minus the 5 s interval (so it also
/// holds the previous call's round trip and commit: an upper bound of how late the poll fired). Gateway RSS,
/// CPU and threads come from /proc of the gateway process. Memory per pending payment is read after a full GC
/// (<see cref="HeapProbe"/>) idle, at 1,000 and at 5,000 pending payments, so its growth shows.
/// </summary>
internal static class B3Polling
{
    private const int Payments = 5000;
    private const int FirstStep = 1000;
    private const double IntervalSeconds = 5;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    public static async Task<Section> RunAsync(RepoPaths paths, EmulatorRig rig)
    {
        var section = new Section("b3", $"{Payments:N0} pending payments, polled every {IntervalSeconds:0} s");
        using var recorder = new PollRecorder();
        await using var gw = await GatewayRun.StartAsync(paths, rig, null);
        var baseline = gw.Process.Sample();
        await Task.Delay(TimeSpan.FromSeconds(IntervalSeconds));
        var idle = await HeapProbe.FullGcAsync(gw.Process.Pid);

        // Create them (32 callers, one terminal each payment): 1,000, a full GC, then the rest.
        var run = Guid.NewGuid().ToString("N")[..6];
        var next = -1;
        var createSeconds = 0.0;
        var failed = 0;
        async Task CreateUpToAsync(int count)
        {
            var createStart = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < count)
                {
                    using var r = await gw.Http.PostAsJsonAsync(gw.Url + "/payments", new { amount = 10.00m, paymentSystem = "sbp", terminalId = $"b3-{run}-{i}" });
                    if (r.StatusCode != HttpStatusCode.Created)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            }));
            next = count - 1;
            createSeconds += Stopwatch.GetElapsedTime(createStart).TotalSeconds;
            // Let the creation burst settle into the steady cadence.
            await Task.Delay(TimeSpan.FromSeconds(IntervalSeconds));
        }
        await CreateUpToAsync(FirstStep);
        var atFirstStep = await HeapProbe.FullGcAsync(gw.Process.Pid);
        await CreateUpToAsync(Payments);
        Console.WriteLine($"b3: {Payments - failed} payments created in {createSeconds:0.0} s; observing {Window.TotalSeconds:0} s");
        recorder.Recording = true;
        var samples = new List<ProcSample>();
        var t0 = Stopwatch.GetTimestamp();
        var first = gw.Process.Sample();
        while (Stopwatch.GetElapsedTime(t0) < Window)
        {
            await Task.Delay(1000);
            samples.Add(gw.Process.Sample());
        }
        var last = samples[^1];
        var wall = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        recorder.Recording = false;
        var atAll = await HeapProbe.FullGcAsync(gw.Process.Pid);

        var lateness = new List<double>();
        var polled = 0;
        foreach (var (_, arrivals) in recorder.Arrivals)
        {
            polled++;
            lock (arrivals)
            {
                arrivals.Sort();
                for (var k = 1; k < arrivals.Count; k++)
                {
                    var gap = (arrivals[k] - arrivals[k - 1]) / (double)Stopwatch.Frequency;
                    lateness.Add((gap - IntervalSeconds) * 1000);
                }
            }
        }
        lateness.Sort();
        var p99 = Percentiles.Of(lateness, 99);
        var cpu = (last.CpuSeconds - first.CpuSeconds) / wall;
        var maxRss = samples.Max(s => s.RssMb);
        var threads = samples.Select(s => s.Threads).ToList();

        section.Row("payments created (32 callers)", string.Create(CultureInfo.InvariantCulture,
            $"{Payments - failed:N0} in {createSeconds:0.0} s ({(Payments - failed) / createSeconds:N0} /s), {failed} failed"));
        section.Row("status polls seen by WebMoney in the window", string.Create(CultureInfo.InvariantCulture,
            $"{lateness.Count + polled:N0} for {polled:N0} transactions in {wall:0} s ({(lateness.Count + polled) / wall:N0} /s; ideal {Payments / IntervalSeconds:N0} /s)"));
        section.Row("poll lateness (gap − 5 s)", Percentiles.Summary(lateness), "p99 ≤ 500 ms", p99 <= 500);
        section.Row("gateway RSS", string.Create(CultureInfo.InvariantCulture,
            $"max {maxRss:0} MB (idle before: {baseline.RssMb:0} MB)"), "≤ 300 MB", maxRss <= 300);
        string PerPayment(HeapProbe.Reading at, HeapProbe.Reading from, int count) => string.Create(CultureInfo.InvariantCulture,
            $"RSS {(at.RssMb - from.RssMb) * 1024 / count:0.0} KB, live managed heap {(at.LiveHeapMb - from.LiveHeapMb) * 1024 / count:0.0} KB");
        var rssPerPayment = (atAll.RssMb - idle.RssMb) * 1024 / Payments;
        var heapPerPayment = (atAll.LiveHeapMb - idle.LiveHeapMb) * 1024 / Payments;
        section.Row("after a full GC: idle / 1,000 / 5,000 pending", string.Create(CultureInfo.InvariantCulture,
            $"RSS {idle.RssMb:0} / {atFirstStep.RssMb:0} / {atAll.RssMb:0} MB, live managed heap {idle.LiveHeapMb:0.0} / {atFirstStep.LiveHeapMb:0.0} / {atAll.LiveHeapMb:0.0} MB"));
        section.Row($"memory per pending payment at {FirstStep:N0} (over idle)", PerPayment(atFirstStep, idle, FirstStep));
        section.Row($"memory per pending payment at {Payments:N0} (over idle)", PerPayment(atAll, idle, Payments), "≤ 20 KB",
            rssPerPayment <= 20 && heapPerPayment <= 20);
        section.Row($"growth from {FirstStep:N0} to {Payments:N0}, per added payment", PerPayment(atAll, atFirstStep, Payments - FirstStep));
        section.Row("gateway CPU, average over the window", string.Create(CultureInfo.InvariantCulture, $"{cpu:0.00} cores"), "≤ 1 core", cpu <= 1);
        section.Row("gateway threads", $"{threads.Min()}–{threads.Max()} over the window (idle before: {baseline.Threads})", "stable",
            threads.Max() - threads.Min() <= 8);
        section.Notes.Add("Lateness is measured at the emulator (request arrival per transaction, via ASP.NET Core hosting diagnostics "
            + "in the bench process): consecutive GetPaymentStatus arrivals of one transaction minus 5 s. The emulator and the load "
            + "share the 2 cores with the gateway. Memory per payment: a full blocking GC is induced in the gateway (EventPipe "
            + "GC heap-collect keyword, as dotnet-gcdump does) idle, at 1,000 and at 5,000 pending (the last after the window); "
            + "the live heap is the bytes that survived it, the RSS is read 1 s later; both over the idle reading, divided by the count.");
        return section;
    }
}
