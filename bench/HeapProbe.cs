using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Bench;

/// <summary>
/// Memory of a .NET child process after a full garbage collection: an EventPipe session with the GC heap-collect
/// keyword makes the runtime run a blocking gen-2 collection (as dotnet-gcdump does); the GCHeapStats event that
/// follows gives the bytes that survived it (the live managed heap), and /proc gives the RSS right after.
/// </summary>
internal static class HeapProbe
{
    public sealed record Reading(double LiveHeapMb, double RssMb);

    public static async Task<Reading> FullGcAsync(int pid)
    {
        var client = new DiagnosticsClient(pid);
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
        using var session = client.StartEventPipeSession(
            [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, keywords)], requestRundown: false);
        using var source = new EventPipeEventSource(session.EventStream);
        var live = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var depth = -1;
        source.Clr.GCStart += e => depth = e.Depth;
        source.Clr.GCHeapStats += e =>
        {
            if (depth == 2)
            {
                live.TrySetResult(e.TotalPromoted);
            }
        };
        var processing = Task.Run(source.Process);
        long bytes;
        try
        {
            bytes = await live.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            await session.StopAsync(CancellationToken.None);
            await processing.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        // Let the collector hand freed memory back before reading the resident size.
        await Task.Delay(1000);
        return new Reading(bytes / 1024.0 / 1024.0, ProcSample.Read(pid).RssMb);
    }
}
