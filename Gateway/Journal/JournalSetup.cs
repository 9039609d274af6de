using Gateway.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Gateway.Journal;

/// <summary>
/// The one place a storage provider is chosen (<see cref="ProviderKey"/>) and the storage port
/// (<see cref="IPaymentStore"/>, <see cref="IRefundStore"/>, <see cref="IReportStore"/>, <see cref="IHistoryStore"/>)
/// registered. Every other feature depends on the port's interfaces only.
/// </summary>
public static class JournalSetup
{
    public const string FileName = "payments.db";

    /// <summary>Which storage provider holds the journal: <see cref="Sqlite"/> (default) or PostgreSql (SPEC §14).</summary>
    public const string ProviderKey = "Gateway:Journal:Provider";

    public const string Sqlite = "Sqlite";

    public static WebApplicationBuilder AddJournal(this WebApplicationBuilder builder)
    {
        var provider = builder.Configuration[ProviderKey];
        switch (string.IsNullOrWhiteSpace(provider) ? Sqlite : provider.Trim())
        {
            case var p when p.Equals(Sqlite, StringComparison.OrdinalIgnoreCase):
                AddSqlite(builder.Services);
                break;
            case var p when p.Equals(Storage.PostgreSql.PostgreSqlSetup.Provider, StringComparison.OrdinalIgnoreCase):
                Storage.PostgreSql.PostgreSqlSetup.AddPostgreSql(builder.Services, builder.Configuration);
                break;
            default:
                throw new InvalidOperationException(
                    $"{ProviderKey} is '{provider}', which is not a journal provider this gateway knows. "
                    + $"Use {Sqlite} (the default) or {Storage.PostgreSql.PostgreSqlSetup.Provider}.");
        }
        return builder;
    }

    /// <summary>The SQLite journal: payments.db (payments, idempotency keys, refunds) and history.db in the data directory.</summary>
    private static void AddSqlite(IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
            return new DataDirectoryLock(GatewayPaths.DataDirectory(options, sp.GetRequiredService<IHostEnvironment>()));
        });
        services.AddSingleton(sp =>
        {
            // The lock first: no second gateway ever opens a journal another one is using.
            var directory = sp.GetRequiredService<DataDirectoryLock>().Directory;
            return new PaymentJournal(Path.Combine(directory, FileName));
        });
        // The payments' journal first: it creates (and upgrades) the file's tables.
        services.AddSingleton(sp => new RefundJournal(sp.GetRequiredService<PaymentJournal>().DatabasePath));
        services.AddSingleton(sp => new JournalReports(sp.GetRequiredService<PaymentJournal>().DatabasePath));
        services.AddSingleton(sp => new HistoryJournal(sp.GetRequiredService<DataDirectoryLock>().Directory));
        services.AddSingleton<IPaymentStore>(sp => sp.GetRequiredService<PaymentJournal>());
        services.AddSingleton<IRefundStore>(sp => sp.GetRequiredService<RefundJournal>());
        services.AddSingleton<IReportStore>(sp => sp.GetRequiredService<JournalReports>());
        services.AddSingleton<IHistoryStore>(sp => sp.GetRequiredService<HistoryJournal>());
        services.AddHealthChecks().AddCheck<JournalHealthCheck>("journal");
    }
}

/// <summary>Readiness: the journal file can be written (a full disk or a read-only folder fails it).</summary>
public sealed class JournalHealthCheck(PaymentJournal journal) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await journal.CheckWritableAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Журнал доступен для записи / Journal writable: {journal.DatabasePath}");
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy(
                $"Журнал недоступен для записи: {journal.DatabasePath}. Проверьте место на диске и права. / Journal not writable: {ex.Message}");
        }
    }
}
