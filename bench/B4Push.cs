using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;

namespace Bench;

/// <summary>
/// B4: from the gateway receiving WebMoney's "paid" status answer to the long-poll answer and the display hub
/// message reaching their clients. "Answer received" is the timestamp the gateway's own debug log line
/// "Payment X: GetPaymentStatus → success" carries (taken by the console logger when the processor logs the
/// outcome, right after the SOAP call returns and before the journal commit) for the poll that ended the
/// payment paid. Same machine, same UTC clock for the gateway and the bench.
/// </summary>
internal static partial class B4Push
{
    private const int Lanes = 8;
    private const int PerLane = 25;

    public static async Task<Section> RunAsync(RepoPaths paths, EmulatorRig rig)
    {
        var section = new Section("b4", "paid answer received → long-poll answer / display message at the client");
        var lastAnswer = new ConcurrentDictionary<string, DateTime>();
        var paidAnswer = new ConcurrentDictionary<string, TaskCompletionSource<(DateTime Answered, DateTime Ended)>>();
        TaskCompletionSource<(DateTime Answered, DateTime Ended)> PaidOf(string id) =>
            paidAnswer.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

        void OnLine(string line)
        {
            var m = LogLine().Match(line);
            if (!m.Success)
            {
                return;
            }
            var at = DateTime.ParseExact(m.Groups["t"].Value, "yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            var id = m.Groups["id"].Value;
            if (m.Groups["op"].Success)
            {
                lastAnswer[id] = at;
            }
            else if (lastAnswer.TryGetValue(id, out var answered))
            {
                PaidOf(id).TrySetResult((answered, at));
            }
        }

        await using var gw = await GatewayRun.StartAsync(paths, rig, OnLine,
            "--Gateway:PollIntervalSeconds=0.2",
            "--Logging:LogLevel:Gateway.Payments.PaymentProcessor=Debug",
            "--Logging:Console:FormatterName=simple",
            "--Logging:Console:FormatterOptions:SingleLine=true",
            "--Logging:Console:FormatterOptions:ColorBehavior=Disabled",
            "--Logging:Console:FormatterOptions:UseUtcTimestamp=true",
            "--Logging:Console:FormatterOptions:TimestampFormat=yyyy-MM-ddTHH:mm:ss.ffffff ");

        var longPoll = new ConcurrentBag<double>();
        var hub = new ConcurrentBag<double>();
        var inGateway = new ConcurrentBag<double>();
        var errors = new ConcurrentBag<string>();
        var run = Guid.NewGuid().ToString("N")[..6];
        await Task.WhenAll(Enumerable.Range(0, Lanes).Select(async lane =>
        {
            var terminal = $"b4-{run}-{lane}";
            await using var connection = new HubConnectionBuilder().WithUrl(gw.Url + "/hubs/display").Build();
            var waiting = new ConcurrentDictionary<string, TaskCompletionSource<DateTime>>();
            connection.On<JsonElement>("Snapshot", snapshot =>
            {
                var now = TimeProvider.System.GetUtcNow().UtcDateTime;
                if (snapshot.TryGetProperty("paymentId", out var pid) && pid.GetString() is { } id
                    && snapshot.TryGetProperty("phase", out var phase) && string.Equals(phase.ToString(), "paid", StringComparison.OrdinalIgnoreCase)
                    && waiting.TryGetValue(id, out var tcs))
                {
                    tcs.TrySetResult(now);
                }
            });
            await connection.StartAsync();
            await connection.InvokeAsync<JsonElement>("Subscribe", terminal);
            for (var i = 0; i < PerLane; i++)
            {
                using var created = await gw.Http.PostAsJsonAsync(gw.Url + "/payments", new { amount = 10.00m, paymentSystem = "sbp", terminalId = terminal });
                var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
                if (!created.IsSuccessStatusCode)
                {
                    errors.Add($"create {created.StatusCode}: {body}");
                    continue;
                }
                var id = body.GetProperty("id").GetString()!;
                var tx = body.GetProperty("transactionId").GetString()!;
                var onHub = waiting.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
                var poll = Task.Run(async () =>
                {
                    using var r = await gw.Http.GetAsync($"{gw.Url}/payments/{id}?waitSeconds=30");
                    var text = await r.Content.ReadAsStringAsync();
                    return (TimeProvider.System.GetUtcNow().UtcDateTime, text);
                });
                await Task.Delay(50); // the long-poll is parked before the customer pays
                rig.Host.Pay(tx, out _);
                var (pollAt, pollBody) = await poll;
                var hubAt = await onHub.Task.WaitAsync(TimeSpan.FromSeconds(10));
                var (answeredAt, endedAt) = await PaidOf(id).Task.WaitAsync(TimeSpan.FromSeconds(10));
                if (!pollBody.Contains("\"status\":\"paid\"", StringComparison.Ordinal))
                {
                    errors.Add("long-poll did not answer paid: " + pollBody);
                    continue;
                }
                longPoll.Add((pollAt - answeredAt).TotalMilliseconds);
                hub.Add((hubAt - answeredAt).TotalMilliseconds);
                inGateway.Add((endedAt - answeredAt).TotalMilliseconds);
            }
        }));

        var lp = longPoll.ToList();
        var hb = hub.ToList();
        lp.Sort();
        hb.Sort();
        section.Row("long-poll GET ?waitSeconds=30 answered", Percentiles.Summary(lp), "p99 ≤ 20 ms", Percentiles.Of(lp, 99) <= 20);
        section.Row("display hub Snapshot (paid) received", Percentiles.Summary(hb), "p99 ≤ 20 ms", Percentiles.Of(hb, 99) <= 20);
        var ig = inGateway.ToList();
        section.Row("of which inside the gateway: answer → commit (fsync) → announced → \"ended Paid\" logged", Percentiles.Summary(ig));
        var (commits, commitMs) = B2Create.MeasureDurableCommits();
        section.Row("one durable SQLite commit on this disk right after", string.Create(CultureInfo.InvariantCulture,
            $"{commitMs:0.00} ms ({commits:N0} commits/s sequential)"));
        if (!errors.IsEmpty)
        {
            section.Row("errors", $"{errors.Count}: {errors.First()}");
        }
        section.Notes.Add($"{Lanes} terminals at once, each with its own display connection, {PerLane} payments each; the emulator "
            + "marks the transaction paid, the gateway (PollIntervalSeconds=0.2, debug log of the processor on) picks it up on its next poll. "
            + "The clock starts at the gateway's log timestamp of that poll's answer, so the interval holds the journal commit, "
            + "the announcement and the delivery to the client.");
        return section;
    }

    // "2026-11-28T07:30:00.123456 dbug: Gateway.Payments.PaymentProcessor[0] Payment 0f8f…: GetPaymentStatus → success"
    // "… info: Gateway.Payments.PaymentProcessor[0] Payment 0f8f… ended Paid (…"
    [GeneratedRegex(@"^(?<t>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}) \w+: Gateway\.Payments\.PaymentProcessor\[\d+\] Payment (?<id>[0-9a-f]{32})(?:(?<op>: GetPaymentStatus → success)| ended Paid)")]
    private static partial Regex LogLine();
}
