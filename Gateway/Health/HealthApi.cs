using Gateway.Hosting;
using Gateway.Security;
using Gateway.Settings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Gateway.Health;

/// <summary>GET /health/live and GET /health/ready: every registered health check, with what an administrator can do.</summary>
public static class HealthApi
{
    public static RouteGroupBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health");
        group.MapGet("/live", Live)
            .WithName("Live")
            .WithSummary("The process runs (always 200), with its version and the journal schema version it writes");
        group.MapGet("/ready", Ready)
            .WithName("Ready")
            .WithSummary("Can the gateway take payments?")
            .WithDescription("200 when every check passes (warnings allowed), 503 otherwise. Reports each check — settings, certificate (expiry), journal, WebMoney (last successful call), clock (offset to WebMoney, warning above 1 minute) — with messages in Russian and English, and the mode (live or sandbox). Never a secret.")
            .Produces<ReadinessReport>(StatusCodes.Status200OK)
            .Produces<ReadinessReport>(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    public static Ok<LivenessReport> Live() =>
        TypedResults.Ok(new LivenessReport("alive", GatewayVersion.Product, GatewayVersion.JournalSchema));

    public static async Task<JsonHttpResult<ReadinessReport>> Ready(HttpRequest request, HealthCheckService health, ISettingsStore store,
        IOptions<GatewayOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var snapshot = store.Current;
        // With Gateway:ApiKey set, a caller without the key learns whether the gateway is ready and each check's status, not
        // where its files are, whom it talks to or which certificate it holds (docs/security.md).
        var details = ApiKeyMiddleware.CarriesKey(request, options.Value.ApiKey);
        var checks = report.Entries.Select(e => details
            ? new CheckReport(
                e.Key,
                Status(e.Value.Status),
                e.Value.Description,
                e.Value.Data.TryGetValue(HealthMessage.DataKey, out var m) && m is IEnumerable<HealthMessage> messages ? messages.ToList() : [],
                e.Value.Data.Where(d => d.Key != HealthMessage.DataKey).ToDictionary(d => d.Key, d => d.Value))
            : new CheckReport(e.Key, Status(e.Value.Status), null, [], new Dictionary<string, object>())).ToList();
        var ready = report.Status != HealthStatus.Unhealthy;
        var body = new ReadinessReport(
            ready,
            Status(report.Status),
            snapshot.Sandbox ? "sandbox" : "live",
            time.GetUtcNow(),
            checks);
        return TypedResults.Json(body, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static string Status(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}

/// <param name="Status">Always alive.</param>
/// <param name="Version">The gateway's version, e.g. 1.0.0 (the release package's name carries the same).</param>
/// <param name="JournalSchemaVersion">The journal schema version this build writes (payments.db's user_version).</param>
public sealed record LivenessReport(string Status, string Version, int JournalSchemaVersion);

/// <param name="Ready">The gateway can take payments.</param>
/// <param name="Status">healthy, degraded (ready, with warnings) or unhealthy.</param>
/// <param name="Mode">live or sandbox.</param>
/// <param name="CheckedAt">When the checks ran.</param>
/// <param name="Checks">One entry per registered check.</param>
public sealed record ReadinessReport(bool Ready, string Status, string Mode, DateTimeOffset CheckedAt, IReadOnlyList<CheckReport> Checks);

/// <param name="Name">settings, certificate, journal, webmoney, …</param>
/// <param name="Status">healthy, degraded or unhealthy.</param>
/// <param name="Description">A one-line summary in English.</param>
/// <param name="Messages">What to do, in Russian and English.</param>
/// <param name="Data">Facts: certificate subject and notAfter, last successful WebMoney call, clock skew…</param>
public sealed record CheckReport(string Name, string Status, string? Description, IReadOnlyList<HealthMessage> Messages, IReadOnlyDictionary<string, object> Data);
