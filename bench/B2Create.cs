using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.ServiceModel;
using Microsoft.Data.Sqlite;
using WebMoneyContract;

namespace Bench;

/// <summary>
/// B2: POST /payments end to end (journal insert, mutual-TLS SOAP CreateQrPayment, journal update) with 16
/// concurrent callers on distinct terminals, against the emulator's raw CreateQrPayment throughput through a
/// shared WCF ChannelFactory in the same run; plus the raw cost of one durable SQLite commit on this disk.
/// </summary>
internal static class B2Create
{
    private static readonly int Callers = int.TryParse(Environment.GetEnvironmentVariable("BENCH_B2_CALLERS"), out var c) ? c : 16;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(8);

    public static async Task<Section> RunAsync(RepoPaths paths, EmulatorRig rig)
    {
        var section = new Section("b2", "POST /payments end to end vs raw CreateQrPayment (16 callers)");

        var factory = rig.CreateRawFactory();
        var rawCpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var run = Guid.NewGuid().ToString("N")[..6];
        var raw = await Load.RunAsync(Callers, Warmup, Measure, async (w, i) =>
        {
            var channel = factory.CreateChannel();
            var client = (IClientChannel)channel;
            try
            {
                var response = await channel.CreateQrPaymentAsync(rig.SignedCreate($"raw{run}-{w}-{i}"));
                client.Close();
                return response.ResultCode == 0;
            }
            catch
            {
                client.Abort();
                throw;
            }
        });
        factory.Abort();
        var rawCpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - rawCpu0).TotalSeconds;
        ProcSample? gwCpu0 = null, gwCpu1 = null;
        var benchCpu0 = TimeSpan.Zero;
        var benchCpu1 = TimeSpan.Zero;

        Load.Result gateway;
        await using (var gw = await GatewayRun.StartAsync(paths, rig, null, "--Gateway:PollIntervalSeconds=60"))
        {
            using var http = Load.NewClient(Callers);
            var url = gw.Url + "/payments";
            var sampler = Task.Run(async () =>
            {
                await Task.Delay(Warmup);
                gwCpu0 = gw.Process.Sample();
                benchCpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                await Task.Delay(Measure);
                gwCpu1 = gw.Process.Sample();
                benchCpu1 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            });
            gateway = await Load.RunAsync(Callers, Warmup, Measure, async (w, i) =>
            {
                using var response = await http.PostAsJsonAsync(url, new { amount = 100.00m, paymentSystem = "sbp", terminalId = $"b2-{run}-{w}-{i}" });
                return response.StatusCode == HttpStatusCode.Created;
            });
            await sampler;
        }

        var (commitsPerSecond, commitMs) = MeasureDurableCommits();

        var ratio = gateway.PerSecond / raw.PerSecond;
        var p99 = P(gateway.LatenciesMs, 99);
        section.Row("raw CreateQrPayment (shared ChannelFactory)", Rate(raw), "");
        section.Row("gateway POST /payments → 201", Rate(gateway), "≥ 1,000 /s", gateway.PerSecond >= 1000);
        section.Row("ratio gateway / raw", ratio.ToString("0.00", CultureInfo.InvariantCulture), "≥ 0.50", ratio >= 0.5);
        section.Row("gateway latency", Percentiles.Summary(gateway.LatenciesMs), "p99 ≤ 30 ms", p99 <= 30);
        section.Row("raw latency", Percentiles.Summary(raw.LatenciesMs));
        var gwCpu = gwCpu1!.CpuSeconds - gwCpu0!.CpuSeconds;
        section.Row("CPU per payment: gateway process", string.Create(CultureInfo.InvariantCulture,
            $"{gwCpu * 1000 / gateway.Ok:0.00} ms ({gwCpu / Measure.TotalSeconds:0.00} cores busy)"));
        section.Row("CPU per payment: bench process (load + emulator)", string.Create(CultureInfo.InvariantCulture,
            $"{(benchCpu1 - benchCpu0).TotalMilliseconds / gateway.Ok:0.00} ms; raw run: {rawCpu * 1000 / raw.Ok:0.00} ms per call (bench = client + emulator)"));
        section.Row("one durable SQLite commit here (WAL, synchronous=FULL, sequential)",
            string.Create(CultureInfo.InvariantCulture, $"{commitMs:0.00} ms ({commitsPerSecond:N0} commits/s)"));
        section.Notes.Add("Each POST uses a terminal of its own (a pending payment makes its terminal busy). The gateway runs with "
            + "PollIntervalSeconds=60 so the polls of the payments just created stay out of this measurement (B3 covers polling). "
            + "The raw client opens a channel per call from one shared factory, as the gateway's client does.");
        return section;
    }

    /// <summary>Sequential single-row commits with the journal's durability settings: what one fsync costs on this disk.</summary>
    internal static (double PerSecond, double Ms) MeasureDurableCommits()
    {
        var file = Path.Combine(Path.GetTempPath(), "lpg-bench-fsync-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        try
        {
            using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            connection.Open();
            using (var setup = connection.CreateCommand())
            {
                setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);";
                setup.ExecuteNonQuery();
            }
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO t (v) VALUES ('x')";
            const int n = 300;
            var t0 = Stopwatch.GetTimestamp();
            for (var i = 0; i < n; i++)
            {
                insert.ExecuteNonQuery();
            }
            var seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            return (n / seconds, seconds * 1000 / n);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(f);
            }
        }
    }

    private static double P(List<double> values, double p)
    {
        values.Sort();
        return Percentiles.Of(values, p);
    }

    private static string Rate(Load.Result r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.PerSecond:N0} /s ({r.Ok:N0} ok, {r.Failed} failed{(r.FirstError is null ? "" : ": " + r.FirstError)})");
}
