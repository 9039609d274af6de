using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Reliability;

/// <summary>The kill -9 loop of <see cref="KillTests"/>, against two nodes on one database.</summary>
public sealed partial class TwoNodesChaosTests
{
    private const int LoopTimeoutSeconds = 10;

    [Fact]
    public async Task KillLoop_RandomNodeKilledAndRestartedWhileFlowsRunThroughBoth_NoAcknowledgedPaymentLostOrMisreported()
    {
        UseTimeoutSeconds(LoopTimeoutSeconds);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var nodes = new GatewayNodes(emulator, database.ConnectionString, "--Gateway:RecheckFirstIntervalSeconds=1");
        var slowestStart = await TimedAsync(() => nodes.StartTogetherAsync(2));
        var transactionsBefore = emulator.Host.GetTransactions().Select(t => t.ExternalId).ToHashSet();
        var confirmed = new ConcurrentBag<string>();
        var cancelAnswers = new ConcurrentDictionary<string, string>();
        var flows = 0;
        var kills = 0;
        // About 15 s of flows, but never fewer than MinKills kills (a restart alone can take seconds on a loaded machine).
        const int MinKills = 4;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        bool Running() => (!stop.IsCancellationRequested || Volatile.Read(ref kills) < MinKills) && Volatile.Read(ref flows) < 400;
        Uri On(Random random, string path) => nodes[random.Next(2)].Url(path);

        // Each worker is a terminal: it creates on a random node, then the customer pays / declines, or the cashier
        // cancels through a random node, or nobody does anything (it times out); the till long-polls a random node.
        var workers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
        {
            var random = new Random(100 + w);
            while (Running())
            {
                try
                {
                    var created = await http.PostAsJsonAsync(On(random, "/payments"), new { amount = 1m + w, paymentTypeCode = 5, terminalId = $"N-{w}" });
                    if (created.StatusCode != HttpStatusCode.Created)
                    {
                        // Busy (a flow cut by a kill is still pending) or not ready: let that one end first.
                        await Task.Delay(200);
                        continue;
                    }
                    var payment = await created.Content.ReadFromJsonAsync<JsonElement>();
                    var id = Id(payment);
                    confirmed.Add(id);
                    Interlocked.Increment(ref flows);
                    switch (random.Next(4))
                    {
                        case 0: emulator.Host.Pay(TransactionId(payment), out _); break;
                        case 1: emulator.Host.Decline(TransactionId(payment), out _); break;
                        case 2:
                            var cancel = await http.PostAsync(On(random, $"/payments/{id}/cancel"), null);
                            if (cancel.StatusCode == HttpStatusCode.OK)
                            {
                                cancelAnswers[id] = (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
                            }
                            break;
                        default: break; // nobody pays: it times out
                    }
                    await http.GetAsync(On(random, $"/payments/{id}?waitSeconds={LoopTimeoutSeconds + 2}"));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The node was killed under this flow (or is being started again).
                    await Task.Delay(100);
                }
            }
        })).ToList();
        var killer = new Random(11);
        while (!workers.All(w => w.IsCompleted) && Running())
        {
            // The random moment is the point of this wait, not a wait for something.
            await Task.WhenAny(Task.WhenAll(workers), Task.Delay(TimeSpan.FromMilliseconds(killer.Next(300, 2000))));
            if (workers.All(w => w.IsCompleted))
            {
                break;
            }
            var node = killer.Next(2);
            nodes.Kill(node);
            Interlocked.Increment(ref kills);
            var took = await TimedAsync(() => nodes.RestartAsync(node));
            slowestStart = took > slowestStart ? took : slowestStart;
        }
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        // A payment may stay pending past its deadline until it is adopted (LeaseSeconds) or its node is back, plus a
        // poll and the machine's slowness (measured as the slowest start of this run, as KillTests does).
        var slack = TimeSpan.FromSeconds(nodes.LeaseSeconds + nodes.PollSeconds) + Slack + slowestStart;
        output.WriteLine($"{kills} kills, slowest start {slowestStart.TotalSeconds:0.0} s, so a payment may be {slack.TotalSeconds:0.0} s past its deadline");
        var ids = confirmed.ToHashSet();
        var overdue = new HashSet<string>();
        var settled = await Eventually.TrueAsync(async () =>
        {
            var now = TimeProvider.System.GetUtcNow();
            var open = (await JournalAsync(http, nodes[0].BaseUrl)).Where(p => ids.Contains(Id(p))
                && (p.GetProperty("status").GetString() == "pending" || p.GetProperty("unresolved").GetBoolean())).ToList();
            overdue.UnionWith(open.Where(p => p.GetProperty("status").GetString() == "pending" && Deadline(p) + slack < now).Select(Id));
            return open.Count == 0;
        }, TimeSpan.FromSeconds(LoopTimeoutSeconds + 10) + slack, 200);
        var journals = new[] { await JournalAsync(http, nodes[0].BaseUrl), await JournalAsync(http, nodes[1].BaseUrl) }
            .Select(j => j.ToDictionary(Id)).ToArray();
        var truth = emulator.Host.GetTransactions().ToDictionary(t => t.ExternalId, t => t.Status);
        var reads = new Dictionary<string, JsonElement[]>();
        foreach (var id in ids)
        {
            reads[id] = [await http.GetFromJsonAsync<JsonElement>(nodes[0].Url($"/payments/{id}")), await http.GetFromJsonAsync<JsonElement>(nodes[1].Url($"/payments/{id}"))];
        }

        output.WriteLine($"{ids.Count} payments acknowledged, {truth.Values.Count(s => s == WireStatus.Paid)} paid at WebMoney, {cancelAnswers.Count} cancels answered");
        Assert.True(kills >= MinKills, $"only {kills} kills");
        Assert.True(ids.Count >= 20, $"only {ids.Count} payments acknowledged");
        Assert.True(settled, "a payment stayed pending or unresolved: " + string.Join(", ", ids.Where(id => journals[0].TryGetValue(id, out var p)
            && (p.GetProperty("status").GetString() == "pending" || p.GetProperty("unresolved").GetBoolean()))));
        Assert.Empty(overdue);
        Assert.All(ids, id =>
        {
            Assert.True(journals[0].ContainsKey(id) && journals[1].ContainsKey(id), $"payment {id} got a 201 but is not in both nodes' journals");
            Assert.Equal(reads[id][0].GetProperty("status").GetString(), reads[id][1].GetProperty("status").GetString());
            Assert.True(Matches(reads[id][0], truth.GetValueOrDefault(id)),
                $"payment {id} is {truth.GetValueOrDefault(id) ?? "unknown"} at WebMoney but reported {reads[id][0]}");
        });
        Assert.All(cancelAnswers.Where(c => c.Value != "pending"), c => Assert.Equal(c.Value, reads[c.Key][0].GetProperty("status").GetString()));
        Assert.All(emulator.Host.GetTransactions().Where(t => !transactionsBefore.Contains(t.ExternalId)),
            t => Assert.True(journals[0].ContainsKey(t.ExternalId), $"transaction of {t.ExternalId} unknown to the journal"));
    }

    /// <summary>Whether the gateway's final report of a payment is what WebMoney's state says (SPEC §4).</summary>
    private static bool Matches(JsonElement payment, string? atWebMoney)
    {
        var status = payment.GetProperty("status").GetString();
        var latePaid = payment.GetProperty("latePaid").GetBoolean();
        return atWebMoney switch
        {
            WireStatus.Paid => status == "paid" || latePaid,
            // A decline first seen by the deadline's final check (its node was dead meanwhile) ends timedOut.
            WireStatus.Rejected => !latePaid && status is "declined" or "timedOut",
            WireStatus.Cancelled or WireStatus.Expired => !latePaid && status is "cancelled" or "timedOut",
            _ => false, // still payable at WebMoney, or never sent: a 201 always carries a QR, a final one is never left payable
        };
    }

    private static async Task<List<JsonElement>> JournalAsync(HttpClient http, Uri node)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await http.GetFromJsonAsync<JsonElement>(new Uri(node, "/payments?limit=200" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))));
            all.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return all;
    }

    private static async Task<TimeSpan> TimedAsync(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(started);
    }
}
