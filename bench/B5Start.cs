using System.Globalization;
using System.Net;

namespace Bench;

/// <summary>B5: process start → /health/ready answering (200 or 503), and RSS when idle, against a bare minimal API.</summary>
internal static class B5Start
{
    private const int Runs = 5;

    public static async Task<Section> RunAsync(RepoPaths paths, EmulatorRig rig)
    {
        var section = new Section("b5", "cold start to /health/ready answering, idle RSS");
        var gatewayStart = new List<double>();
        var gatewayRss = new List<double>();
        var bareStart = new List<double>();
        var bareRss = new List<double>();
        using var http = Load.NewClient(4);
        for (var i = 0; i < Runs; i++)
        {
            var data = Path.Combine(Path.GetTempPath(), "lpg-bench-data-" + Guid.NewGuid().ToString("N")[..8]);
            await using (var gw = Child.Start(paths.GatewayDll, Net.FreePort(), rig.GatewayArgs(data)))
            {
                gatewayStart.Add(await gw.WaitAnswerAsync(http, "/health/ready", s => s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60)) * 1000);
                await Task.Delay(3000);
                gatewayRss.Add(gw.Sample().RssMb);
            }
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
            await using (var bare = Child.Start(paths.BenchDll, Net.FreePort(), ["bare"]))
            {
                bareStart.Add(await bare.WaitAnswerAsync(http, "/health/ready", s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60)) * 1000);
                await Task.Delay(3000);
                bareRss.Add(bare.Sample().RssMb);
            }
        }
        double Median(List<double> v)
        {
            v.Sort();
            return v[v.Count / 2];
        }
        var gs = Median(gatewayStart);
        var bs = Median(bareStart);
        var gr = Median(gatewayRss);
        var br = Median(bareRss);
        section.Row("gateway start → ready answering (median of 5)", string.Create(CultureInfo.InvariantCulture,
            $"{gs:0} ms (runs: {string.Join(", ", gatewayStart.Select(x => x.ToString("0", CultureInfo.InvariantCulture)))})"), "≤ 800 ms", gs <= 800);
        section.Row("bare minimal API start → answering", string.Create(CultureInfo.InvariantCulture, $"{bs:0} ms"));
        section.Row("ratio gateway / bare", (gs / bs).ToString("0.0", CultureInfo.InvariantCulture));
        section.Row("gateway idle RSS (3 s after ready)", string.Create(CultureInfo.InvariantCulture, $"{gr:0} MB"), "≤ 110 MB", gr <= 110);
        section.Row("bare idle RSS", string.Create(CultureInfo.InvariantCulture, $"{br:0} MB"));
        section.Notes.Add("Measured from Process.Start of `dotnet Gateway.dll` (Production, emulator bundle as settings, a fresh data "
            + "directory each run) to the first answer of /health/ready, polled every 5 ms; same for the bare app (`bench bare`).");
        return section;
    }
}
