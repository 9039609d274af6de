using System.Globalization;
using System.Net;

namespace Bench;

/// <summary>
/// B5: process start → /health/ready answering (200 or 503), and RSS when idle: the Release build (dotnet Gateway.dll),
/// the published package (self-contained, ReadyToRun: release/package.sh) when it has been made, and a bare minimal API.
/// </summary>
internal static class B5Start
{
    private const int Runs = 5;

    public static async Task<Section> RunAsync(RepoPaths paths, EmulatorRig rig)
    {
        var section = new Section("b5", "cold start to /health/ready answering, idle RSS");
        var published = Directory.Exists(Path.Combine(paths.Root, "artifacts", "release"))
            ? Directory.GetFiles(Path.Combine(paths.Root, "artifacts", "release"), "Gateway", SearchOption.AllDirectories)
                .FirstOrDefault(f => f.Contains("-linux-x64", StringComparison.Ordinal))
            : null;
        var build = new Samples();
        var package = new Samples();
        var bare = new Samples();
        using var http = Load.NewClient(4);
        for (var i = 0; i < Runs; i++)
        {
            await MeasureGatewayAsync(paths.GatewayDll, rig, http, build);
            if (published is not null)
            {
                await MeasureGatewayAsync(published, rig, http, package);
            }
            await using var app = Child.Start(paths.BenchDll, Net.FreePort(), ["bare"]);
            bare.Start.Add(await app.WaitAnswerAsync(http, "/health/ready", s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60)) * 1000);
            await Task.Delay(3000);
            bare.Rss.Add(app.Sample().RssMb);
        }
        var bs = bare.MedianStart;
        section.Row("gateway start → ready answering (Release build, median of 5)", build.Describe(), "≤ 800 ms", build.MedianStart <= 800);
        if (published is not null)
        {
            section.Row("published package (self-contained, ReadyToRun) start → ready answering", package.Describe(), "≤ 2× bare", package.MedianStart <= 2 * bs);
        }
        else
        {
            section.Row("published package", "not made: run release/package.sh --rid linux-x64 --keep-folder first");
        }
        section.Row("bare minimal API start → answering", string.Create(CultureInfo.InvariantCulture, $"{bs:0} ms"));
        section.Row("ratio Release build / bare", (build.MedianStart / bs).ToString("0.0", CultureInfo.InvariantCulture));
        if (published is not null)
        {
            section.Row("ratio published package / bare", (package.MedianStart / bs).ToString("0.0", CultureInfo.InvariantCulture));
            section.Row("published package idle RSS (3 s after ready)", string.Create(CultureInfo.InvariantCulture, $"{package.MedianRss:0} MB"), "≤ 110 MB", package.MedianRss <= 110);
        }
        section.Row("gateway idle RSS (3 s after ready)", string.Create(CultureInfo.InvariantCulture, $"{build.MedianRss:0} MB"), "≤ 110 MB", build.MedianRss <= 110);
        section.Row("bare idle RSS", string.Create(CultureInfo.InvariantCulture, $"{bare.MedianRss:0} MB"));
        section.Notes.Add("Measured from Process.Start of `dotnet Gateway.dll` (Production, emulator bundle as settings, a fresh data "
            + "directory each run) to the first answer of /health/ready, polled every 5 ms; the same for the published package's "
            + "own `app/Gateway` executable and for the bare app (`bench bare`), interleaved run by run.");
        return section;
    }

    private static async Task MeasureGatewayAsync(string executable, EmulatorRig rig, HttpClient http, Samples into)
    {
        var data = Path.Combine(Path.GetTempPath(), "lpg-bench-data-" + Guid.NewGuid().ToString("N")[..8]);
        await using (var gw = Child.Start(executable, Net.FreePort(), rig.GatewayArgs(data)))
        {
            into.Start.Add(await gw.WaitAnswerAsync(http, "/health/ready", s => s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60)) * 1000);
            await Task.Delay(3000);
            into.Rss.Add(gw.Sample().RssMb);
        }
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class Samples
    {
        public List<double> Start { get; } = [];

        public List<double> Rss { get; } = [];

        public double MedianStart => Median(Start);

        public double MedianRss => Median(Rss);

        public string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"{MedianStart:0} ms (runs: {string.Join(", ", Start.Select(x => x.ToString("0", CultureInfo.InvariantCulture)))})");

        private static double Median(List<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
        }
    }
}
