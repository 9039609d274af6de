using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Tests.Support;
using WebMoneyContract;
using WebMoneyEmulator.Control;

namespace Tests.Reliability;

/// <summary>
/// P2 "kill -9 loses nothing": the built gateway (Gateway.dll, same configuration as the tests) runs as its own
/// process against the in-process emulator; it is killed with SIGKILL at two named points and at random
/// moments while payment flows run, and restarted on the same data directory each time.
/// </summary>
public sealed class KillTests(EmulatorFixture emulator, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private const int TimeoutSeconds = 10;
    private const double PollSeconds = 0.2;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _data = new("kill-data");
    private HoldingProxy _proxy = null!;
    private GatewayProcess _gateway = null!;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(15) };

    public Task InitializeAsync()
    {
        _proxy = new HoldingProxy(emulator.Host.SoapUrl);
        _gateway = new GatewayProcess(_http, Within);
        // The gateway reads the emulator's bundle as its settings directory; WebMoney is reached through the proxy.
        var file = Path.Combine(emulator.BundleDirectory, "WebMoneySettings.txt");
        var lines = File.ReadAllLines(file).Select(l =>
            l.StartsWith("TimeoutSeconds=", StringComparison.Ordinal) ? $"TimeoutSeconds={TimeoutSeconds}"
            : l.StartsWith("ServerAddress=", StringComparison.Ordinal) ? $"ServerAddress=https://127.0.0.1:{_proxy.Port}"
            : l);
        File.WriteAllLines(file, lines);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Kill();
        _http.Dispose();
        await _proxy.DisposeAsync();
        _data.Dispose();
    }

    private Uri Url(string path) => _gateway.Url(path);

    /// <summary>The longest start seen so far (process start to /health/ready): how slow this machine is right now.</summary>
    private TimeSpan _slowestStart;

    private async Task StartGateway()
    {
        var started = Stopwatch.GetTimestamp();
        await StartGatewayProcess();
        var took = Stopwatch.GetElapsedTime(started);
        _slowestStart = took > _slowestStart ? took : _slowestStart;
    }

    private Task StartGatewayProcess() => _gateway.StartAsync(
        $"--Gateway:SettingsDirectory={emulator.BundleDirectory}", $"--Gateway:DataDirectory={_data.Path}",
        $"--Gateway:PollIntervalSeconds={PollSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        "--Gateway:RecheckFirstIntervalSeconds=1");

    private void Kill() => _gateway.Kill();


    private async Task<List<JsonElement>> Journal()
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await _http.GetFromJsonAsync<JsonElement>(Url("/payments?limit=200" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))));
            all.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return all;
    }

    private async Task<JsonElement?> OnTerminal(string terminal) =>
        (await Journal()).Cast<JsonElement?>().FirstOrDefault(p => p!.Value.GetProperty("terminalId").GetString() == terminal);

    [Fact]
    public async Task KilledAtNamedPointsAndAtRandom_RestartedEachTime_NothingLostNothingPaidMissed()
    {
        var confirmed = new ConcurrentBag<string>();
        await StartGateway();

        // Named point 1: the pending row is committed and CreateQrPayment is sent (it hangs at WebMoney) — kill.
        var creates = await emulator.StatsAsync(PosApi.CreateQrPayment);
        emulator.Host.AddFault(PosApi.CreateQrPayment, FaultKind.Hang);
        var cut1 = _http.PostAsJsonAsync(Url("/payments"), new { amount = 11m, paymentTypeCode = 5, terminalId = "K-sent" });
        Assert.True(await Eventually.TrueAsync(async () => await emulator.StatsAsync(PosApi.CreateQrPayment) > creates, Within, 10));
        Kill();
        await Assert.ThrowsAnyAsync<Exception>(() => cut1);
        emulator.Host.ClearFaults();

        // After the restart the create is completed by re-sending it with the same ExternalId: one transaction.
        await StartGateway();
        var sent = await WaitFor(() => OnTerminal("K-sent"), p => p.GetProperty("qr").ValueKind == JsonValueKind.Object);
        Assert.Single(emulator.Host.GetTransactions(), t => t.ExternalId == sent.GetProperty("id").GetString());
        // Cancelled, so no poll competes for the connection below (through the holding proxy a new TLS
        // connection cannot even be opened; the idle one left by these calls carries the next create).
        await _http.PostAsync(Url($"/payments/{sent.GetProperty("id").GetString()}/cancel"), null);

        // Named point 2: WebMoney created the transaction, its answer never reached the gateway — kill.
        var transactions = emulator.Host.GetTransactions().Count;
        _proxy.HoldAnswers = true;
        var cut2 = _http.PostAsJsonAsync(Url("/payments"), new { amount = 12m, paymentTypeCode = 6, terminalId = "K-answered" });
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(emulator.Host.GetTransactions().Count > transactions), Within, 10));
        Kill();
        await Assert.ThrowsAnyAsync<Exception>(() => cut2);
        _proxy.HoldAnswers = false;

        // After the restart the create is re-sent; WebMoney answers with the transaction it already made.
        await StartGateway();
        var answered = await WaitFor(() => OnTerminal("K-answered"), p => p.GetProperty("qr").ValueKind == JsonValueKind.Object);
        emulator.Host.Pay(answered.GetProperty("transactionId").GetString()!, out _);
        Assert.Single(emulator.Host.GetTransactions(), t => t.ExternalId == answered.GetProperty("id").GetString());

        // Random kills while flows run: each worker is a terminal creating, then paying / declining / cancelling / leaving it.
        var flows = 0;
        var kills = 0;
        // About 20 s of flows, but never fewer than MinKills kills: on a loaded machine one restart alone can take
        // several seconds, and a run with one kill would prove little.
        const int MinKills = 3;
        var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        bool Running() => (!stop.IsCancellationRequested || Volatile.Read(ref kills) < MinKills) && Volatile.Read(ref flows) < 400;
        var workers = Enumerable.Range(0, 20).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (Running())
            {
                try
                {
                    var created = await _http.PostAsJsonAsync(Url("/payments"), new { amount = 1m + w, paymentTypeCode = 5, terminalId = $"K-{w}" });
                    if (created.StatusCode != HttpStatusCode.Created)
                    {
                        // Busy (a flow cut by a kill is still pending) or not ready: let that one end first.
                        await Task.Delay(200);
                        continue;
                    }
                    var payment = await created.Content.ReadFromJsonAsync<JsonElement>();
                    var id = payment.GetProperty("id").GetString()!;
                    confirmed.Add(id);
                    Interlocked.Increment(ref flows);
                    var transactionId = payment.GetProperty("transactionId").GetString()!;
                    switch (random.Next(4))
                    {
                        case 0: emulator.Host.Pay(transactionId, out _); break;
                        case 1: emulator.Host.Decline(transactionId, out _); break;
                        case 2: await _http.PostAsync(Url($"/payments/{id}/cancel"), null); break;
                        default: break; // nobody pays: it times out
                    }
                    await _http.GetAsync(Url($"/payments/{id}?waitSeconds={TimeoutSeconds + 2}"));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The gateway was killed under this flow.
                }
            }
        })).ToList();
        var killer = new Random(7);
        while (!workers.All(w => w.IsCompleted) && Running())
        {
            // The random moment is the point of this wait, not a wait for something.
            await Task.WhenAny(Task.WhenAll(workers), Task.Delay(TimeSpan.FromMilliseconds(killer.Next(300, 2500))));
            if (workers.All(w => w.IsCompleted))
            {
                break;
            }
            Kill();
            Interlocked.Increment(ref kills);
            await StartGateway();
        }
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        // A payment may stay pending past its deadline by a poll, plus the machine's slowness: measured, as the
        // longest gateway start of this run, not assumed (a fixed few seconds failed at load averages of 20 and more).
        var slack = TimeSpan.FromSeconds(PollSeconds + 3) + _slowestStart;
        output.WriteLine($"slowest start {_slowestStart.TotalSeconds:0.0} s, so a payment may be {slack.TotalSeconds:0.0} s past its deadline");

        // Let every deadline pass (plus a poll and a recheck), then compare with WebMoney's truth.
        // The gateway is up from here on: a payment may be pending only until its deadline plus a poll (and some slack for a loaded machine).
        var overdue = new List<string>();
        var pendingGone = await Eventually.TrueAsync(async () =>
        {
            var now = DateTimeOffset.UtcNow;
            var pending = (await Journal()).Where(p => p.GetProperty("status").GetString() == "pending").ToList();
            overdue.AddRange(pending.Where(p => p.GetProperty("deadline").GetDateTimeOffset() + slack < now)
                .Select(p => p.GetProperty("id").GetString()!));
            foreach (var p in pending.Where(p => p.GetProperty("deadline").GetDateTimeOffset() + slack < now))
            {
                output.WriteLine($"overdue at {now:O}: {p}");
            }
            return pending.Count == 0;
        }, TimeSpan.FromSeconds(TimeoutSeconds + 10) + slack, 200);
        var journal = (await Journal()).ToDictionary(p => p.GetProperty("id").GetString()!);
        var paidAtWebMoney = emulator.Host.GetTransactions().Where(t => t.Status == WireStatus.Paid).Select(t => t.ExternalId).ToList();
        await Eventually.TrueAsync(async () => (await Journal()).Where(p => paidAtWebMoney.Contains(p.GetProperty("id").GetString()!))
            .All(p => p.GetProperty("status").GetString() == "paid" || p.GetProperty("latePaid").GetBoolean()), TimeSpan.FromSeconds(10), 200);
        journal = (await Journal()).ToDictionary(p => p.GetProperty("id").GetString()!);

        output.WriteLine($"{kills} random kills, {confirmed.Count} payments confirmed, {paidAtWebMoney.Count} paid at WebMoney");
        Assert.True(kills >= MinKills, $"only {kills} kills");
        Assert.True(confirmed.Count >= 20, $"only {confirmed.Count} payments confirmed");
        Assert.All(confirmed, id => Assert.True(journal.ContainsKey(id), $"payment {id} got a 201 but is not in the journal"));
        Assert.True(pendingGone, "a payment stayed pending");
        Assert.Empty(overdue.Distinct());
        Assert.All(paidAtWebMoney.Where(journal.ContainsKey), id =>
            Assert.True(journal[id].GetProperty("status").GetString() == "paid" || journal[id].GetProperty("latePaid").GetBoolean(),
                $"{id} is paid at WebMoney but {journal[id].GetProperty("status").GetString()} in the journal"));
        Assert.Equal("paid", journal[answered.GetProperty("id").GetString()!].GetProperty("status").GetString());
        Assert.All(emulator.Host.GetTransactions(), t => Assert.True(journal.ContainsKey(t.ExternalId), $"transaction of {t.ExternalId} unknown to the journal"));
    }

    private static async Task<JsonElement> WaitFor(Func<Task<JsonElement?>> read, Func<JsonElement, bool> condition)
    {
        JsonElement? found = null;
        Assert.True(await Eventually.TrueAsync(async () => (found = await read()) is { } p && condition(p), Within, 100), $"not reached: {found}");
        return found!.Value;
    }
}
