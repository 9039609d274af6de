namespace Gateway.Display;

public static class DisplaySetup
{
    public static WebApplicationBuilder AddDisplay(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static WebApplication MapDisplay(this WebApplication app)
    {
        return app;
    }
}
