using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Tests.Gateway.Display;

/// <summary>A stand-in for "any API endpoint": answers /test/ping wherever the gateway lets it through.</summary>
public sealed class PingEndpoint : IStartupFilter
{
    public const string Path = "/test/ping";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // After the app's pipeline, like any endpoint the app maps: whatever gates the app applies run first.
        next(app);
        app.Use((context, nextMiddleware) => context.Request.Path == Path
            ? context.Response.WriteAsync("pong")
            : nextMiddleware(context));
    };
}
