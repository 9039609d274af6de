using CustomerDisplay;
using Microsoft.AspNetCore.Builder;

namespace Gateway.Display;

/// <summary>
/// The display hub, mapped when the first request for it comes instead of at start-up. Mapping a SignalR hub builds
/// ASP.NET Core's <c>HttpConnectionManager</c>, whose constructor arms a 1 s <see cref="PeriodicTimer"/> that ticks for
/// the life of the process, connections or not (its connection heartbeat: keep-alive pings, client and send
/// timeouts). On an idle gateway with no display page that was a timer-thread wake-up, a thread-pool work item and
/// two gate-thread wake-ups every second (issue #19, B7; docs/benchmarks.md). Mapped on demand, the heartbeat starts
/// with the first display request (the manager, built after the host started, starts it at once) and runs as ASP.NET
/// Core made it from then on. The hub gets its own small pipeline (routing + the hub's endpoints) behind every gate of
/// the gateway's: it sits where <c>MapHub</c> was, and nothing in the gateway reads endpoint metadata.
/// </summary>
public sealed class DisplayHubOnDemand(IServiceProvider services)
{
    private readonly Lazy<RequestDelegate> _hub = new(() => Build(services), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True once the hub was mapped: from then on SignalR's heartbeat ticks.</summary>
    public bool Mapped => _hub.IsValueCreated;

    public Task InvokeAsync(HttpContext context, RequestDelegate next) =>
        context.Request.Path.StartsWithSegments(DisplayHub.Path) ? _hub.Value(context) : next(context);

    private static RequestDelegate Build(IServiceProvider services)
    {
        var hub = new ApplicationBuilder(services);
        hub.UseRouting();
        hub.UseEndpoints(endpoints => endpoints.MapCustomerDisplayHub());
        // Under the hub's path but none of its endpoints (a mistyped URL): what the gateway answers for any unknown path.
        hub.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return hub.Build();
    }
}
