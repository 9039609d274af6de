using Gateway.Journal;
using Microsoft.Extensions.Options;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.Reports;

/// <summary>End of day (SPEC §11): the time zone, the daily totals, the reconciliation.</summary>
public static class ReportsSetup
{
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Runs with the other GatewayOptions checks at ValidateOnStart: an unknown zone fails the start, naming the key.
        services.AddSingleton<IValidateOptions<GatewayOptions>, TimeZoneOptionValidator>();
        services.AddSingleton<ReportTimeZone>();
        services.AddSingleton<DailyReports>();
        services.AddSingleton<Reconciliation>();
        services.AddHostedService<ReportSchemaStartup>();
        services.Configure<SwaggerGenOptions>(o => o.OperationFilter<ReportExamples>());
        return builder;
    }

    public static WebApplication MapReports(this WebApplication app)
    {
        app.MapReportsApi();
        return app;
    }

    /// <summary>Creates the report indexes at start, not on the first report (an index over a long journal takes a moment).</summary>
    private sealed class ReportSchemaStartup(PaymentJournal journal) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            journal.ApplyEndOfDaySchema();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
