using Gateway.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Gateway.Journal;

public static class JournalSetup
{
    public const string FileName = "payments.db";

    public static WebApplicationBuilder AddJournal(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
            return new DataDirectoryLock(GatewayPaths.DataDirectory(options, sp.GetRequiredService<IHostEnvironment>()));
        });
        builder.Services.AddSingleton(sp =>
        {
            // The lock first: no second gateway ever opens a journal another one is using.
            var directory = sp.GetRequiredService<DataDirectoryLock>().Directory;
            return new PaymentJournal(Path.Combine(directory, FileName));
        });
        builder.Services.AddHealthChecks().AddCheck<JournalHealthCheck>("journal");
        return builder;
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
