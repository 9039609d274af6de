using Bench;

// dotnet run -c Release --project bench -- all | b1 | b2 | b3 | b4 | b5 | b6 | b7 | b8 [more…]
// (internal: "bare --urls URL" serves the bare minimal-API app B1 and B5 compare against)
if (args.Length > 0 && args[0] == "bare")
{
    BareApp.Run(args[1..]);
    return 0;
}

string[] all = ["b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8"];
var wanted = args.Length == 0 ? ["all"] : args.Select(a => a.ToLowerInvariant()).ToArray();
if (wanted.Contains("all"))
{
    wanted = all;
}
var unknown = wanted.Where(w => !all.Contains(w)).ToArray();
if (unknown.Length > 0)
{
    Console.Error.WriteLine($"Unknown benchmark(s): {string.Join(", ", unknown)}. Use all or any of {string.Join(", ", all)}.");
    return 2;
}

var paths = RepoPaths.Locate();
var report = new Report(Machine.Describe());
await using (var emulator = await EmulatorRig.StartAsync())
{
    foreach (var name in wanted)
    {
        Console.WriteLine($"== {name} ==");
        var section = name switch
        {
            "b1" => await B1Overhead.RunAsync(paths, emulator),
            "b2" => await B2Create.RunAsync(paths, emulator),
            "b3" => await B3Polling.RunAsync(paths, emulator),
            "b4" => await B4Push.RunAsync(paths, emulator),
            "b6" => await B6Reports.RunAsync(paths, emulator),
            "b5" => await B5Start.RunAsync(paths, emulator),
            "b8" => await B8StoreServer.RunAsync(paths, emulator),
            _ => await B7Idle.RunAsync(paths, emulator),
        };
        report.Add(section);
        Console.WriteLine(section.ToMarkdown());
    }
}
var markdown = report.ToMarkdown();
Console.WriteLine(markdown);
if (all.All(wanted.Contains))
{
    File.WriteAllText(Path.Combine(paths.Root, "bench", "results.md"), markdown);
    Console.WriteLine("Written to bench/results.md");
}
else
{
    var partial = Path.Combine(paths.Root, "bench", "results-partial.md");
    File.WriteAllText(partial, markdown);
    Console.WriteLine($"Partial run: written to {partial} (bench/results.md holds full runs only)");
}
return 0;
