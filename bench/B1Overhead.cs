using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bench;

/// <summary>B1: GET /payments/{id} throughput against a bare minimal-API endpoint, 32 connections, same client.</summary>
internal static class B1Overhead
{
    private const int Connections = 32;
    private const int Rounds = 4;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(3);

    public static async Task<Section> RunAsync(RepoPaths paths, EmulatorRig rig)
    {
        var section = new Section("b1", "GET /payments/{id} against a bare minimal-API endpoint (32 connections)");
        // Both apps run side by side and are measured in alternating rounds, so a change in the background load
        // (the machine is shared) hits both sides alike.
        var gatewayRounds = new List<Load.Result>();
        var bareRounds = new List<Load.Result>();
        await using (var run = await GatewayRun.StartAsync(paths, rig, null))
        await using (var child = Child.Start(paths.BenchDll, Net.FreePort(), ["bare"]))
        {
            using var created = await run.Http.PostAsJsonAsync(run.Url + "/payments", new { amount = 100.00m, paymentSystem = "sbp", terminalId = "b1" });
            created.EnsureSuccessStatusCode();
            var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
            using var gatewayClient = Load.NewClient(Connections);
            using var bareClient = Load.NewClient(Connections);
            await child.WaitAnswerAsync(bareClient, "/health/ready", s => s == System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(30));
            var gatewayUrl = $"{run.Url}/payments/{id}";
            var bareUrl = $"{child.BaseUrl}/bare/{id}";
            for (var round = 0; round < Rounds; round++)
            {
                var warm = round == 0 ? Warmup : TimeSpan.FromMilliseconds(500);
                gatewayRounds.Add(await Load.RunAsync(Connections, warm, Measure, (_, _) => GetAsync(gatewayClient, gatewayUrl)));
                bareRounds.Add(await Load.RunAsync(Connections, warm, Measure, (_, _) => GetAsync(bareClient, bareUrl)));
            }
        }
        var gateway = Load.Combine(gatewayRounds);
        var bare = Load.Combine(bareRounds);

        var ratio = gateway.PerSecond / bare.PerSecond;
        section.Row("gateway GET /payments/{id}", Rate(gateway));
        section.Row("bare minimal API, same JSON shape", Rate(bare));
        section.Row("ratio gateway / bare", ratio.ToString("0.00", CultureInfo.InvariantCulture), "≥ 0.70", ratio >= 0.7);
        section.Row("gateway latency", Percentiles.Summary(gateway.LatenciesMs));
        section.Row("bare latency", Percentiles.Summary(bare.LatenciesMs));
        section.Notes.Add("Load from an in-process HttpClient loop (32 connections, keep-alive) on the same cores as the server; "
            + "each app is a separate Release process; 4 alternating rounds of 3 s each. The bare app answers a constant payment-shaped JSON.");
        return section;
    }

    private static async Task<bool> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead);
        return response.IsSuccessStatusCode;
    }

    private static string Rate(Load.Result r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.PerSecond:N0} req/s ({r.Ok:N0} ok, {r.Failed} failed{(r.FirstError is null ? "" : ": " + r.FirstError)})");
}
