namespace Gateway.Sandbox;

public static class SandboxSetup
{
    public static WebApplicationBuilder AddSandbox(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static WebApplication MapSandbox(this WebApplication app)
    {
        return app;
    }
}
