using Microsoft.Extensions.Options;
using Npgsql;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gateway.Storage.PostgreSql;

/// <summary>
/// Gateway:Journal:Provider = PostgreSql (SPEC §14): the storage port on the database named by
/// <see cref="PostgreSqlConnection.Key"/>, read and checked here, at start. The schema is created or migrated by
/// <see cref="PostgreSqlStart"/> before anything runs; the gateway never falls back to SQLite.
/// </summary>
public static class PostgreSqlSetup
{
    public const string Provider = "PostgreSql";

    public static void AddPostgreSql(IServiceCollection services, IConfiguration configuration)
    {
        var connection = PostgreSqlConnection.Read(configuration);
        services.AddSingleton(sp =>
        {
            var node = sp.GetRequiredService<IOptions<NodeOptions>>().Value;
            return new PostgreSqlDatabase(connection, node.EffectiveNodeId, TimeSpan.FromSeconds(node.LeaseSeconds));
        });
        services.AddSingleton<PostgreSqlPaymentStore>();
        services.AddSingleton<IPaymentStore>(sp => sp.GetRequiredService<PostgreSqlPaymentStore>());
        services.AddSingleton<PostgreSqlRefundStore>();
        services.AddSingleton<IRefundStore>(sp => sp.GetRequiredService<PostgreSqlRefundStore>());
        services.AddSingleton<IReportStore, PostgreSqlReportStore>();
        services.AddSingleton<IHistoryStore, PostgreSqlHistoryStore>();
        services.AddHealthChecks().AddCheck<PostgreSqlHealthCheck>("journal");
        services.AddOptions<NodeOptions>().BindConfiguration(GatewayOptions.Section)
            .Validate(o => o.LeaseSeconds is >= 1 and <= 3600, "Gateway:LeaseSeconds must be between 1 and 3600.").ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var db = sp.GetRequiredService<PostgreSqlDatabase>();
            return new PostgreSqlLeases(db, db.NodeId, db.Lease);
        });
        services.AddSingleton<IWorkLeases>(sp => sp.GetRequiredService<PostgreSqlLeases>());
        services.AddSingleton<PostgreSqlCancelRequests>();
        // The keeper renews and adopts on a pool of its own: a node busy with its payments still renews their leases.
        services.AddSingleton(sp =>
        {
            var keeping = sp.GetRequiredService<PostgreSqlDatabase>().ForLeaseKeeping();
            return new PostgreSqlLeaseKeeper(keeping, new PostgreSqlLeases(keeping, keeping.NodeId, keeping.Lease),
                sp.GetRequiredService<PostgreSqlCancelRequests>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<PostgreSqlLeaseKeeper>>());
        });
        services.AddSingleton<IWorkAdoption>(sp => sp.GetRequiredService<PostgreSqlLeaseKeeper>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgreSqlLeaseKeeper>());
        services.AddSingleton<PostgreSqlChangeFeed>();
        services.AddSingleton<IPaymentChangeFeed>(sp => sp.GetRequiredService<PostgreSqlChangeFeed>());
        services.AddSingleton<IRefundChangeFeed>(sp => sp.GetRequiredService<PostgreSqlChangeFeed>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgreSqlChangeFeed>());
    }
}

/// <summary>
/// Before anything else runs (<c>GatewayRun</c>): the schema is created or migrated. A database that cannot be reached
/// stops the start with a message naming it (exit code 69), and the service manager's restart tries again, so the
/// gateway comes up once the database does; a schema from a newer gateway is refused like a newer SQLite journal (65).
/// Once running, an unreachable database is readiness 503 and <c>journal_unavailable</c>, never a stop.
/// </summary>
public static partial class PostgreSqlStart
{
    /// <returns>Null when the start may go on (SQLite, or the schema is ready); else the exit code.</returns>
    public static async Task<int?> PrepareAsync(WebApplication app)
    {
        if (app.Services.GetService<PostgreSqlDatabase>() is not { } db)
        {
            return null;
        }
        try
        {
            await db.EnsureSchemaAsync();
            LogReady(app.Logger, db.Description, PostgreSqlSchema.Version);
            return null;
        }
        catch (NpgsqlException ex) when (JournalUnavailable.Is(ex))
        {
            LogUnreachable(app.Logger, db.Description, ex.Message);
            return Hosting.FailureExitCode.JournalUnavailable;
        }
    }

    [LoggerMessage(EventId = 1210, Level = LogLevel.Information, Message = "Journal: {Database}, schema {Version}.")]
    private static partial void LogReady(ILogger logger, string database, int version);

    [LoggerMessage(EventId = 1211, Level = LogLevel.Critical,
        Message = "Журнал: {Database} недоступен при запуске ({Error}); шлюз остановлен, служба перезапустит его. / Journal: {Database} cannot be reached at start ({Error}); the gateway stops and its service manager starts it again.")]
    private static partial void LogUnreachable(ILogger logger, string database, string error);
}

/// <summary>Readiness: the journal's database answers (it names the database, never the password).</summary>
public sealed class PostgreSqlHealthCheck(PostgreSqlDatabase db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await db.CheckAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Журнал доступен / Journal reachable: {db.Description}");
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(
                $"Журнал недоступен: {db.Description}. Проверьте, что сервер PostgreSQL запущен и доступен по сети. / "
                + $"Journal unreachable: {db.Description}: {ex.Message}");
        }
    }
}
