using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;

namespace Bench;

/// <summary>
/// B8 (SPEC §14): two gateway nodes on one PostgreSQL database against one gateway on SQLite, in the same run, each a
/// Release Gateway.dll process against the bench's emulator. This part: POST /payments (16 callers, on two nodes 8 each,
/// as tills with FallbackAddresses or split tills would) and GET /payments/{id} (32 connections, spread the same way),
/// the two setups measured in alternating rounds. <see cref="B8Failover"/> does the polls and the kill -9.
/// PostgreSQL is a throwaway cluster from Debian's binaries (Tests/Support/PostgresCluster.cs), durable (fsync on).
/// </summary>
internal static class B8StoreServer
{
    private const int Callers = 16;
    private const int Connections = 32;
    private const int Rounds = 2;
    private static readonly TimeSpan CreateRound = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan GetRound = TimeSpan.FromSeconds(3);

    public static async Task<Section> RunAsync(RepoPaths paths, EmulatorRig rig)
    {
        var section = new Section("b8", "two gateway nodes on PostgreSQL against one gateway on SQLite");
        var started = Stopwatch.GetTimestamp();
        await using var cluster = await PostgresCluster.StartAsync(durable: true);
        Console.WriteLine($"b8: PostgreSQL cluster on 127.0.0.1:{cluster.Port} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        try
        {
            await MeasureLoadAsync(section, paths, rig, cluster);
            await B8Failover.RunAsync(section, paths, rig, cluster);
        }
        catch
        {
            var log = Path.Combine(cluster.Folder, "server.log");
            if (File.Exists(log))
            {
                Console.WriteLine("b8 failed; the end of PostgreSQL's log:\n" + string.Join('\n', File.ReadLines(log).TakeLast(30)));
            }
            throw;
        }
        section.Notes.Insert(0, string.Create(CultureInfo.InvariantCulture,
            $"The whole b8 run took {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s (cluster start included). ")
            + "PostgreSQL 15 from Debian's binaries in a temp folder (initdb, a free port, pg_ctl -w start; stopped and deleted "
            + "at the end), default settings with fsync on, on the same 2 cores as the gateways, the emulator and the load. "
            + "Create and GET: the two setups (SQLite: one gateway; PostgreSQL: nodes A and B, Gateway:LeaseSeconds=15, "
            + "PollIntervalSeconds=60 so polls stay out, B2's way) run side by side and are measured in 2 alternating rounds "
            + "each; 3 s of warm-up before the first; on PostgreSQL caller k talks to node k mod 2 and GETs read payments created on either node. CPU is "
            + "utime+stime from /proc over all payments created (warm-up included): the gateway processes, and the PostgreSQL "
            + "server (postmaster, its backends and the children it reaped).");
        return section;
    }

    private static async Task MeasureLoadAsync(Section section, RepoPaths paths, EmulatorRig rig, PostgresCluster cluster)
    {
        var journal = await cluster.CreateDatabaseAsync("b8_load");
        await using var sqliteGateway = await GatewayRun.StartAsync(paths, rig, null, "--Gateway:PollIntervalSeconds=60");
        await using var nodeA = await GatewayRun.StartAsync(paths, rig, null, PostgresArgs(journal, "b8-load-a", 15, 60));
        await using var nodeB = await GatewayRun.StartAsync(paths, rig, null, PostgresArgs(journal, "b8-load-b", 15, 60));
        Progress("gateways ready (SQLite; PostgreSQL nodes A and B)");
        var sqlite = new Setup("SQLite", [sqliteGateway], null);
        var postgres = new Setup("PostgreSQL", [nodeA, nodeB], cluster);
        var run = Guid.NewGuid().ToString("N")[..6];

        for (var round = 0; round < Rounds; round++)
        {
            var warmup = round == 0 ? TimeSpan.FromSeconds(3) : TimeSpan.FromMilliseconds(500);
            foreach (var setup in (Setup[])[sqlite, postgres])
            {
                setup.Created.Add(await setup.MeasureAsync(Callers, warmup, CreateRound, async (w, i) =>
                {
                    using var response = await setup.Http(w).PostAsJsonAsync(setup.Url(w) + "/payments",
                        new { amount = 100.00m, paymentSystem = "sbp", terminalId = $"b8-{run}-{setup.Name}-{round}-{w}-{i}" });
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        return false;
                    }
                    if (setup.Ids.Count < 2000)
                    {
                        setup.Ids.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
                    }
                    return true;
                }));
                Progress($"create round {round + 1}, {setup.Name}: {setup.Created[^1].PerSecond:0} /s, {setup.Created[^1].Failed} failed {setup.Created[^1].FirstError}");
            }
        }
        foreach (var setup in (Setup[])[sqlite, postgres])
        {
            setup.CreateCpu = setup.TakeCpu();
            setup.ReadIds = setup.Ids.ToArray();
        }
        for (var round = 0; round < Rounds; round++)
        {
            var warmup = round == 0 ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(500);
            foreach (var setup in (Setup[])[sqlite, postgres])
            {
                setup.Read.Add(await setup.MeasureAsync(Connections, warmup, GetRound, async (w, i) =>
                {
                    var id = setup.ReadIds[(int)((w * 7919 + i) % setup.ReadIds.Length)];
                    using var response = await setup.Http(w).GetAsync($"{setup.Url(w)}/payments/{id}", HttpCompletionOption.ResponseContentRead);
                    return response.StatusCode == HttpStatusCode.OK;
                }));
                Progress($"GET round {round + 1}, {setup.Name}: {setup.Read[^1].PerSecond:0} /s, {setup.Read[^1].Failed} failed {setup.Read[^1].FirstError}");
            }
        }

        var (sqliteCreate, postgresCreate) = (Load.Combine(sqlite.Created), Load.Combine(postgres.Created));
        var (sqliteRead, postgresRead) = (Load.Combine(sqlite.Read), Load.Combine(postgres.Read));
        section.Row("POST /payments → 201, SQLite (1 gateway, 16 callers)", Rate(sqliteCreate));
        section.Row("POST /payments → 201, PostgreSQL (2 nodes, 8 callers each)", Rate(postgresCreate));
        section.Row("create: ratio PostgreSQL / SQLite", Ratio(postgresCreate, sqliteCreate));
        section.Row("create latency, SQLite", Percentiles.Summary(sqliteCreate.LatenciesMs));
        section.Row("create latency, PostgreSQL", Percentiles.Summary(postgresCreate.LatenciesMs));
        section.Row("CPU per payment created: SQLite gateway / PostgreSQL nodes (A+B) + PostgreSQL server",
            string.Create(CultureInfo.InvariantCulture, $"{sqlite.CreateCpu.PerOp:0.00} ms / {postgres.CreateCpu.PerOp:0.00} ms + {postgres.CreateCpu.ServerPerOp:0.00} ms"));
        section.Row("GET /payments/{id} → 200, SQLite (1 gateway, 32 connections)", Rate(sqliteRead));
        section.Row("GET /payments/{id} → 200, PostgreSQL (2 nodes, 16 connections each)", Rate(postgresRead));
        section.Row("GET: ratio PostgreSQL / SQLite", Ratio(postgresRead, sqliteRead));
        section.Row("GET latency, SQLite", Percentiles.Summary(sqliteRead.LatenciesMs));
        section.Row("GET latency, PostgreSQL", Percentiles.Summary(postgresRead.LatenciesMs));
    }

    internal static void Progress(string what) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"b8 {TimeProvider.System.GetUtcNow():HH:mm:ss}: {what}"));

    /// <summary>Command-line settings of a gateway node on the PostgreSQL journal (SPEC §14's keys).</summary>
    internal static string[] PostgresArgs(string connectionString, string nodeId, double leaseSeconds, double pollSeconds) =>
        [
            "--Gateway:Journal:Provider=PostgreSql",
            $"--ConnectionStrings:Journal={connectionString}",
            $"--Gateway:NodeId={nodeId}",
            string.Create(CultureInfo.InvariantCulture, $"--Gateway:LeaseSeconds={leaseSeconds}"),
            string.Create(CultureInfo.InvariantCulture, $"--Gateway:PollIntervalSeconds={pollSeconds}"),
        ];

    private static string Rate(Load.Result r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.PerSecond:N0} /s ({r.Ok:N0} ok, {r.Failed} failed{(r.FirstError is null ? "" : ": " + r.FirstError)})");

    private static string Ratio(Load.Result a, Load.Result b) => (a.PerSecond / b.PerSecond).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>One setup: the gateway processes sharing a journal; worker k talks to node k mod n.</summary>
    private sealed class Setup(string name, IReadOnlyList<GatewayRun> nodes, PostgresCluster? server)
    {
        private CpuUse _cpu;
        private long _done;

        public string Name { get; } = name;

        public List<Load.Result> Created { get; } = [];

        public List<Load.Result> Read { get; } = [];

        public ConcurrentBag<string> Ids { get; } = [];

        public string[] ReadIds { get; set; } = [];

        public CpuUse CreateCpu { get; set; }

        public HttpClient Http(int worker) => nodes[worker % nodes.Count].Http;

        public string Url(int worker) => nodes[worker % nodes.Count].Url;

        /// <summary>A closed-loop load round; CPU of the nodes and the database server is summed over every success.</summary>
        public async Task<Load.Result> MeasureAsync(int workers, TimeSpan warmup, TimeSpan measure, Func<int, long, Task<bool>> operation)
        {
            var (gateway0, server0) = (nodes.Sum(n => n.Process.Sample().CpuSeconds), server is null ? 0 : PostgresCpu.Read(server));
            var result = await Load.RunAsync(workers, warmup, measure, async (w, i) =>
            {
                var ok = await operation(w, i);
                if (ok)
                {
                    Interlocked.Increment(ref _done);
                }
                return ok;
            });
            var (gateway1, server1) = (nodes.Sum(n => n.Process.Sample().CpuSeconds), server is null ? 0 : PostgresCpu.Read(server));
            _cpu = new CpuUse(_cpu.GatewaySeconds + gateway1 - gateway0, _cpu.ServerSeconds + server1 - server0, Interlocked.Read(ref _done));
            return result;
        }

        /// <summary>The CPU used per success since the last take.</summary>
        public CpuUse TakeCpu()
        {
            var cpu = _cpu;
            (_cpu, _done) = (default, 0);
            return cpu;
        }
    }

    private readonly record struct CpuUse(double GatewaySeconds, double ServerSeconds, long Operations)
    {
        public double PerOp => GatewaySeconds * 1000 / Operations;

        public double ServerPerOp => ServerSeconds * 1000 / Operations;
    }
}

/// <summary>CPU seconds (utime+stime) of a PostgreSQL server: the postmaster, its live children, and the children it reaped.</summary>
internal static class PostgresCpu
{
    public static double Read(PostgresCluster cluster)
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(cluster.DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        var total = 0.0;
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue; // gone meanwhile
            }
            // After "(comm) ": [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long Field(int k) => long.Parse(fields[k], CultureInfo.InvariantCulture);
            if (pid == postmaster)
            {
                total += Field(11) + Field(12) + Field(13) + Field(14);
            }
            else if (Field(1) == postmaster)
            {
                total += Field(11) + Field(12);
            }
        }
        return total / 100; // USER_HZ
    }
}
