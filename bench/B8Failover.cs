using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Tests.Support;

namespace Bench;

/// <summary>
/// B8, second part: status polls per payment per interval with pending payments spread over two PostgreSQL nodes
/// (and on the SQLite gateway, at the same time), counted at the emulator (GetPaymentStatus arrivals per transaction,
/// <see cref="PollRecorder"/>); then node A, holding its pending payments, is killed (SIGKILL) and the clock runs until
/// every one of them has been polled again, by node B (the only one left).
/// </summary>
internal static class B8Failover
{
    private const int PerNode = 200;
    private const double LeaseSeconds = 5;
    private const double PollSeconds = 2;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan AfterAdoption = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan AdoptionLimit = TimeSpan.FromSeconds(30);

    // Arrivals this soon after the kill are the dead node's last requests (sent before it, read late by a busy emulator:
    // 0.3 s was seen under load); the adopter cannot poll that early, as a lease outlives the kill by ≥ 2/3 LeaseSeconds.
    private static readonly TimeSpan InFlight = TimeSpan.FromSeconds(LeaseSeconds / 3);

    public static async Task RunAsync(Section section, RepoPaths paths, EmulatorRig rig, PostgresCluster cluster)
    {
        var journal = await cluster.CreateDatabaseAsync("b8_failover");
        using var recorder = new PollRecorder();
        var poll = string.Create(CultureInfo.InvariantCulture, $"--Gateway:PollIntervalSeconds={PollSeconds}");
        await using var sqlite = await GatewayRun.StartAsync(paths, rig, null, poll);
        // Each node's "Lease: this node adopts payment …" warnings, counted: before the kill there should be none.
        var adoptions = new int[2];
        Action<string> Counting(int node) => line =>
        {
            if (line.Contains("this node adopts payment", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref adoptions[node]);
            }
        };
        await using var nodeA = await GatewayRun.StartAsync(paths, rig, Counting(0), B8StoreServer.PostgresArgs(journal, "b8-a", LeaseSeconds, PollSeconds));
        await using var nodeB = await GatewayRun.StartAsync(paths, rig, Counting(1), B8StoreServer.PostgresArgs(journal, "b8-b", LeaseSeconds, PollSeconds));

        B8StoreServer.Progress("gateways ready for the polls");
        var run = Guid.NewGuid().ToString("N")[..6];
        var onA = await CreatePendingAsync(nodeA, PerNode, $"b8a-{run}");
        var onB = await CreatePendingAsync(nodeB, PerNode, $"b8b-{run}");
        var onSqlite = await CreatePendingAsync(sqlite, 2 * PerNode, $"b8s-{run}");
        var ours = onA.Concat(onB).Concat(onSqlite).ToHashSet();
        var transactions = rig.Host.GetTransactions().Where(t => ours.Contains(t.ExternalId))
            .GroupBy(t => t.ExternalId).ToDictionary(g => g.Key, g => g.First().TransactionId);
        string[] Tx(IEnumerable<string> ids) => ids.Select(id => transactions[id]).ToArray();
        var (txPostgres, txSqlite) = (Tx(onA.Concat(onB)), Tx(onSqlite));
        Console.WriteLine($"b8: {txPostgres.Length} pending on nodes A and B, {txSqlite.Length} on SQLite; observing {Window.TotalSeconds:0} s");

        // Two intervals to settle into the cadence, then the window.
        await Task.Delay(TimeSpan.FromSeconds(2 * PollSeconds));
        recorder.Recording = true;
        double[] CpuNow() => [sqlite.Process.Sample().CpuSeconds, nodeA.Process.Sample().CpuSeconds + nodeB.Process.Sample().CpuSeconds, PostgresCpu.Read(cluster)];
        var cpu0 = CpuNow();
        var from = Stopwatch.GetTimestamp();
        await Task.Delay(Window);
        var to = Stopwatch.GetTimestamp();
        var cpu = CpuNow().Select((c, k) => (c - cpu0[k]) / ((to - from) / (double)Stopwatch.Frequency)).ToArray();
        var postgres = Polls.Of(recorder, txPostgres, from, to);
        var sqliteSide = Polls.Of(recorder, txSqlite, from, to);

        B8StoreServer.Progress("window over; killing node A");
        // kill -9 of node A, holding the pending payments whose lease it holds now (its 200, unless a lease was lost meanwhile).
        var heldByA = Tx(await LeasedToAsync(journal, "b8-a"));
        var (adoptedByA, adoptedByB) = (Volatile.Read(ref adoptions[0]), Volatile.Read(ref adoptions[1]));
        var killedAt = Stopwatch.GetTimestamp();
        nodeA.Process.Kill();
        var cutoff = killedAt + (long)(InFlight.TotalSeconds * Stopwatch.Frequency);
        var limit = killedAt + (long)(AdoptionLimit.TotalSeconds * Stopwatch.Frequency);
        double[] adopted;
        while ((adopted = Polls.FirstAfter(recorder, heldByA, cutoff, killedAt)).Length < heldByA.Length && Stopwatch.GetTimestamp() < limit)
        {
            await Task.Delay(50);
        }
        B8StoreServer.Progress($"{adopted.Length} of {heldByA.Length} polled again by node B");
        // One interval for the adopted payments to settle into node B's cadence, then count again.
        await Task.Delay(TimeSpan.FromSeconds(PollSeconds));
        var afterFrom = Stopwatch.GetTimestamp();
        await Task.Delay(AfterAdoption);
        var after = Polls.Of(recorder, txPostgres, afterFrom, Stopwatch.GetTimestamp());
        recorder.Recording = false;

        section.Row(string.Create(CultureInfo.InvariantCulture, $"status polls per payment per {PollSeconds:0} s interval, PostgreSQL: {txPostgres.Length} pending, {PerNode} created on each node"),
            postgres.Describe(PollSeconds), "1.00, no double polls", postgres.OnePerInterval(PollSeconds));
        section.Row(string.Create(CultureInfo.InvariantCulture, $"status polls per payment per {PollSeconds:0} s interval, SQLite: {txSqlite.Length} pending, same window"),
            sqliteSide.Describe(PollSeconds), "1.00, no double polls", sqliteSide.OnePerInterval(PollSeconds));
        section.Row("CPU in the window: SQLite gateway / PostgreSQL nodes (A+B) + PostgreSQL server", string.Create(CultureInfo.InvariantCulture,
            $"{cpu[0]:0.00} / {cpu[1]:0.00} + {cpu[2]:0.00} cores"));
        section.Row("poll lateness (gap − interval), PostgreSQL / SQLite", $"{Percentiles.Summary(postgres.Lateness)} / {Percentiles.Summary(sqliteSide.Lateness)}");
        var goal = LeaseSeconds + PollSeconds;
        var sorted = adopted.Order().ToList();
        var all = sorted.Count == heldByA.Length && sorted.Count > 0;
        section.Row("payments a node adopted from the other while both were alive (a lease not renewed in time)",
            $"{adoptedByA + adoptedByB} (by A: {adoptedByA}, by B: {adoptedByB})", "0", adoptedByA + adoptedByB == 0);
        section.Row(string.Create(CultureInfo.InvariantCulture, $"kill -9 of node A holding {heldByA.Length} pending → every one polled again by node B"),
            all
                ? string.Create(CultureInfo.InvariantCulture, $"{sorted[^1]:0.00} s (first {sorted[0]:0.00} s, median {Percentiles.Of(sorted, 50):0.00} s)")
                : string.Create(CultureInfo.InvariantCulture, $"only {sorted.Count} of {heldByA.Length} within {AdoptionLimit.TotalSeconds:0} s"),
            string.Create(CultureInfo.InvariantCulture, $"≤ LeaseSeconds {LeaseSeconds:0} + one poll {PollSeconds:0} = {goal:0} s"),
            all && sorted[^1] <= goal);
        section.Row(string.Create(CultureInfo.InvariantCulture, $"after the adoption: polls per payment per interval, all {txPostgres.Length} on node B ({AfterAdoption.TotalSeconds:0} s)"),
            after.Describe(PollSeconds), "1.00, no double polls", after.OnePerInterval(PollSeconds));
        // Whole numbers only below: no culture-dependent separators.
        section.Notes.Add(
            $"Polls and failover: fresh processes on a database of their own, Gateway:LeaseSeconds={LeaseSeconds:0}, "
            + $"PollIntervalSeconds={PollSeconds:0} on all three gateways; {PerNode} payments created through node A, {PerNode} "
            + $"through node B (each works what it created), {2 * PerNode} on the SQLite gateway; after two intervals, a "
            + $"{Window.TotalSeconds:0} s window in which the emulator's GetPaymentStatus arrivals are counted per transaction "
            + "(polls ÷ (payments × window ÷ interval); a \"double poll\" is two arrivals for one transaction less than half an "
            + "interval apart; a node adopting the other's payment while both are alive is counted from its \"this node adopts "
            + "payment\" warnings). Then node A is killed with Process.Kill (SIGKILL) and, for each payment whose lease it holds at that moment (read "
            + "from the journal's lease_owner), the time from "
            + $"the kill to the first GetPaymentStatus arriving more than LeaseSeconds ÷ 3 after it (earlier arrivals are node "
            + "A's last requests, read late by the busy emulator; node B cannot adopt that early). The lease keeper renews every third of LeaseSeconds "
            + "and wakes just after another node's lease runs out, so the lease outlives the kill by 2/3 to 1 LeaseSeconds and is "
            + "claimed just after it expires; an adopted payment is polled at once. The last row counts again one interval after the last adoption.");
    }

    /// <summary>The pending payments whose lease <paramref name="nodeId"/> holds, read from the journal.</summary>
    private static async Task<List<string>> LeasedToAsync(string journal, string nodeId)
    {
        await using var connection = new NpgsqlConnection(journal);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM payments WHERE status = 'Pending' AND lease_owner = @node", connection);
        command.Parameters.AddWithValue("node", nodeId);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    private static async Task<List<string>> CreatePendingAsync(GatewayRun gateway, int count, string prefix)
    {
        var ids = new List<string>(count);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                using var response = await gateway.Http.PostAsJsonAsync(gateway.Url + "/payments",
                    new { amount = 10.00m, paymentSystem = "sbp", terminalId = $"{prefix}-{i}" });
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"POST /payments on {gateway.Url} answered {(int)response.StatusCode}: "
                        + $"{await response.Content.ReadAsStringAsync()}\nThe gateway's last output:\n{gateway.Process.Tail}");
                }
                var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
                lock (ids)
                {
                    ids.Add(id);
                }
            }
        }));
        return ids;
    }

    /// <summary>GetPaymentStatus arrivals of some transactions within a window, as the emulator saw them.</summary>
    private sealed record Polls(int Payments, int Count, int Doubles, double Seconds, List<double> Lateness)
    {
        public static Polls Of(PollRecorder recorder, IReadOnlyCollection<string> transactions, long from, long to)
        {
            int count = 0, doubles = 0;
            var lateness = new List<double>();
            foreach (var tx in transactions)
            {
                var arrivals = Window(recorder, tx, from, to);
                count += arrivals.Count;
                for (var k = 1; k < arrivals.Count; k++)
                {
                    var gap = (arrivals[k] - arrivals[k - 1]) / (double)Stopwatch.Frequency;
                    doubles += gap < PollSeconds / 2 ? 1 : 0;
                    lateness.Add((gap - PollSeconds) * 1000);
                }
            }
            return new Polls(transactions.Count, count, doubles, (to - from) / (double)Stopwatch.Frequency, lateness);
        }

        /// <summary>For each transaction polled after <paramref name="cutoff"/>: seconds from <paramref name="origin"/> to that poll.</summary>
        public static double[] FirstAfter(PollRecorder recorder, IEnumerable<string> transactions, long cutoff, long origin) =>
            transactions
                .Select(tx => Window(recorder, tx, cutoff, long.MaxValue).DefaultIfEmpty(-1).First())
                .Where(t => t >= 0)
                .Select(t => (t - origin) / (double)Stopwatch.Frequency)
                .ToArray();

        public double PerInterval(double interval) => Count / (Payments * Seconds / interval);

        public bool OnePerInterval(double interval) => Doubles == 0 && Math.Abs(PerInterval(interval) - 1) <= 0.05;

        public string Describe(double interval) => string.Create(CultureInfo.InvariantCulture,
            $"{PerInterval(interval):0.00} ({Count:N0} polls of {Payments} payments in {Seconds:0.0} s; {Doubles} double polls)");

        private static List<long> Window(PollRecorder recorder, string tx, long from, long to)
        {
            if (!recorder.Arrivals.TryGetValue(tx, out var arrivals))
            {
                return [];
            }
            lock (arrivals)
            {
                return arrivals.Where(t => t >= from && t < to).Order().ToList();
            }
        }
    }
}
