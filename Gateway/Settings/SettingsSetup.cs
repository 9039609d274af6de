namespace Gateway.Settings;

public static class SettingsSetup
{
    public static WebApplicationBuilder AddSettings(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static WebApplication MapSettings(this WebApplication app)
    {
        return app;
    }
}
