namespace Gateway.Health;

public static class HealthSetup
{
    /// <summary>
    /// The settings, certificate and WebMoney checks. Other features add theirs with
    /// <c>services.AddHealthChecks().AddCheck&lt;T&gt;("name")</c>; /health/ready reports every registered check.
    /// </summary>
    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<SettingsHealthCheck>("settings")
            .AddCheck<CertificateHealthCheck>("certificate")
            .AddCheck<TerminalsHealthCheck>("terminals")
            .AddCheck<WebMoneyHealthCheck>("webmoney")
            .AddCheck<ClockHealthCheck>("clock");
        return builder;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthApi();
        return app;
    }
}
