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
        services.AddSingleton<RefundReconciliation>();
        services.AddSingleton<Reconciliation>();
        services.Configure<SwaggerGenOptions>(o => o.OperationFilter<ReportExamples>());
        return builder;
    }

    public static WebApplication MapReports(this WebApplication app)
    {
        app.MapReportsApi();
        return app;
    }
}
