using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using WebMoneyContract;

namespace Tests.Reliability;

/// <summary>
/// Concurrency: 200 payments on 50 terminals at once against the real emulator, customers paying or being
/// declined and cashiers cancelling at random. Every final state matches WebMoney's truth, and no terminal
/// ever holds two pending payments (two creates racing on one terminal: one 201, one 409).
/// </summary>
public sealed class ConcurrencyTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private const int Terminals = 50;
    private const int PaymentsPerTerminal = 4;

    private static readonly Dictionary<string, string> TruthOf = new()
    {
        ["paid"] = WireStatus.Paid, ["declined"] = WireStatus.Rejected, ["cancelled"] = WireStatus.Cancelled, ["timedOut"] = WireStatus.Cancelled,
    };

    [Fact]
    public async Task TwoHundredPaymentsOnFiftyTerminals_RandomEndings_MatchWebMoneyAndNeverTwoPendingOnATerminal()
    {
        emulator.Host.ClearFaults();
        var events = new PaymentEvents();
        using var gateway = FaultCells.Gateway(emulator, events, pollSeconds: 0.3, timeoutSeconds: 30);
        var http = gateway.CreateClient();
        http.Timeout = TimeSpan.FromSeconds(60);
        var finals = new ConcurrentDictionary<string, string>();
        var busyAnswers = 0;
        var started = TimeProvider.System.GetTimestamp();

        await Task.WhenAll(Enumerable.Range(0, Terminals).Select(t => Task.Run(async () =>
        {
            var random = new Random(t);
            var terminal = $"C-{t}";
            for (var n = 0; n < PaymentsPerTerminal; n++)
            {
                var body = new { amount = 10m + t + n / 100m, paymentTypeCode = 5 + random.Next(4), terminalId = terminal };
                var answers = await Task.WhenAll(http.PostAsJsonAsync("/payments", body), http.PostAsJsonAsync("/payments", body));
                Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
                Interlocked.Increment(ref busyAnswers);
                var created = answers.Single(a => a.StatusCode == HttpStatusCode.Created);
                var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
                var transactionId = (await emulator.TransactionOfAsync(id))!.Value.GetProperty("transactionId").GetString()!;
                switch (random.Next(4))
                {
                    case 0:
                        emulator.Host.Pay(transactionId, out _);
                        break;
                    case 1:
                        emulator.Host.Decline(transactionId, out _);
                        break;
                    case 2:
                        await http.PostAsync($"/payments/{id}/cancel", null);
                        break;
                    default:
                        // The customer pays just as the cashier gives up: paid wins.
                        emulator.Host.Pay(transactionId, out _);
                        await http.PostAsync($"/payments/{id}/cancel", null);
                        break;
                }
                var final = await http.GetFromJsonAsync<JsonElement>($"/payments/{id}?waitSeconds=30");
                finals[id] = final.GetProperty("status").GetString()!;
            }
        }))).WaitAsync(TimeSpan.FromSeconds(90));
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        Assert.Equal(Terminals * PaymentsPerTerminal, finals.Count);
        Assert.Equal(Terminals * PaymentsPerTerminal, busyAnswers);
        var truth = emulator.Host.GetTransactions().ToDictionary(t => t.ExternalId, t => t.Status);
        Assert.All(finals, f => Assert.Equal(TruthOf[f.Value], truth[f.Key]));
        var journal = (await http.GetFromJsonAsync<JsonElement>("/payments?limit=200")).GetProperty("items").EnumerateArray().ToList();
        foreach (var terminal in journal.GroupBy(p => p.GetProperty("terminalId").GetString()))
        {
            var spans = terminal.Select(p => (From: p.GetProperty("createdAt").GetDateTimeOffset(), To: p.GetProperty("completedAt").GetDateTimeOffset()))
                .OrderBy(s => s.From).ToList();
            for (var i = 1; i < spans.Count; i++)
            {
                Assert.True(spans[i].From >= spans[i - 1].To, $"terminal {terminal.Key}: two payments pending at once");
            }
        }
        Assert.True(elapsed < TimeSpan.FromSeconds(60), $"took {elapsed}");
    }
}
