using Gateway.Operations;
using Gateway.Payments;
using Gateway.Refunds;
using Gateway.WebMoney;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Gateway.Observability;

/// <summary>Metrics at /metrics (Prometheus text), traces and logs over OTLP when a collector is configured (docs/operations.md).</summary>
public static class ObservabilitySetup
{
    /// <summary>The standard OpenTelemetry variable; the OTLP exporter reads it (and its siblings) itself.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string MetricsPath = "/metrics";

    /// <summary>Metrics and traces observe the WebMoney calls through the one hook (<see cref="IWebMoneyCallObserver"/>): any order of the AddX() calls.</summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<PaymentMetricsObserver>();
        services.AddSingleton<IPaymentObserver>(sp => sp.GetRequiredService<PaymentMetricsObserver>());
        services.AddHostedService<PendingPaymentsLoader>();
        services.AddSingleton<IOperationObserver<Refund>, RefundMetricsObserver>();
        services.AddSingleton<IWebMoneyCallObserver, WebMoneyCallTracing>();
        services.AddSingleton<IWebMoneyCallObserver, WebMoneyCallMetrics>();

        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("LocalPayGateway"))
            .WithMetrics(m => m
                .AddMeter(GatewayMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                // A scrape every 15 s is cheap; a cached answer would only confuse someone checking a count.
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
        {
            // Spans cost CPU on every request: recorded only when there is a collector to send them to. A POS's
            // traceparent is honoured either way (ASP.NET Core reads it for its request activity).
            otel.WithTracing(t => t
                    .AddSource(GatewayActivity.SourceName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments(MetricsPath)))
                .WithLogging(configureBuilder: null, configureOptions: o => o.IncludeScopes = true)
                .UseOtlpExporter();
        }
        return builder;
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        // Loopback only and behind the API key (Gateway/Security), never on the display's LAN listener (DisplayGate).
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
