using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;

namespace Gateway.Security;

/// <summary>The defences of docs/security.md, registered and placed in the pipeline in one spot.</summary>
public static class SecuritySetup
{
    public static IServiceCollection AddGatewaySecurity(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Configure runs before every PostConfigure: the framework's "*" fallback and the display's LAN names.
        services.AddOptions<HostFilteringOptions>().Configure<IConfiguration>(HostFilteringDefaults.Apply);
        // Not AddRateLimiter/UseRateLimiter: that middleware runs a 100 ms timer for the life of the process (FloodLimiter).
        services.AddSingleton(sp => new FloodLimiter(sp.GetRequiredService<IOptions<SecurityOptions>>().Value, TimeProvider.System));
        services.AddHostedService<ExposureCheck>();
        return services;
    }

    /// <summary>After the exception handler, before Swagger and every endpoint. No CORS middleware, on purpose.</summary>
    public static IApplicationBuilder UseGatewaySecurity(this IApplicationBuilder app)
    {
        app.UseMiddleware<LoopbackOnlyMiddleware>();
        app.UseMiddleware<CrossSiteRequestGuard>();
        app.UseMiddleware<FloodLimiterMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<ApiKeyMiddleware>();
        return app;
    }
}
