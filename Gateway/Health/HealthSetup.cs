namespace Gateway.Health;

public static class HealthSetup
{
    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        return app;
    }
}
