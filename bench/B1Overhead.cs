using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bench;

/// <summary>B1: GET /payments/{id} throughput against a bare minimal-API endpoint, 32 connections, same client.</summary>
internal static class B1Overhead
{
    private const int Connections = 32;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(8);

    public static async Task<Section> RunAsync(RepoPaths paths, EmulatorRig rig)
    {
        var section = new Section("b1", "GET /payments/{id} against a bare minimal-API endpoint (32 connections)");
        Load.Result gateway;
        await using (var run = await GatewayRun.StartAsync(paths, rig, null))
        {
            using var created = await run.Http.PostAsJsonAsync(run.Url + "/payments", new { amount = 100.00m, paymentSystem = "sbp", terminalId = "b1" });
            created.EnsureSuccessStatusCode();
            var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
            using var client = Load.NewClient(Connections);
            var url = $"{run.Url}/payments/{id}";
            gateway = await Load.RunAsync(Connections, Warmup, Measure, (_, _) => GetAsync(client, url));
        }

        Load.Result bare;
        await using (var child = Child.Start(paths.BenchDll, Net.FreePort(), ["bare"]))
        {
            using var client = Load.NewClient(Connections);
            await child.WaitAnswerAsync(client, "/health/ready", s => s == System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(30));
            var url = $"{child.BaseUrl}/bare/0f8fad5bd9cb469fa16570867728950e";
            bare = await Load.RunAsync(Connections, Warmup, Measure, (_, _) => GetAsync(client, url));
        }

        var ratio = gateway.PerSecond / bare.PerSecond;
        section.Row("gateway GET /payments/{id}", Rate(gateway));
        section.Row("bare minimal API, same JSON shape", Rate(bare));
        section.Row("ratio gateway / bare", ratio.ToString("0.00", CultureInfo.InvariantCulture), "≥ 0.70", ratio >= 0.7);
        section.Row("gateway latency", Percentiles.Summary(gateway.LatenciesMs));
        section.Row("bare latency", Percentiles.Summary(bare.LatenciesMs));
        section.Notes.Add("Load from an in-process HttpClient loop (32 connections, keep-alive) on the same cores as the server; "
            + "each app is a separate Release process. The bare app answers a constant payment-shaped JSON.");
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
