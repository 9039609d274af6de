using CustomerDisplay;
using Gateway.Payments;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Gateway.Display;

/// <summary>The customer display: hub, page, bridge from the payments core, optional LAN listener.</summary>
public static partial class DisplaySetup
{
    public const string PagePath = "/display";

    public static WebApplicationBuilder AddDisplay(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCustomerDisplay();
        services.AddOptions<DisplayHostingOptions>().BindConfiguration(DisplayHostingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DisplayHostingOptions>, DisplayHostingOptionsValidator>();

        services.AddSingleton<IDisplaySnapshotSource, JournalSnapshotSource>();
        services.AddSingleton<IDisplayQrRenderer, DisplayQrRenderer>();
        services.AddSingleton<DisplayWatchers>();
        services.AddSignalR().AddHubOptions<DisplayHub>(o => o.AddFilter<DisplayWatchers>());
        services.AddSingleton<DisplayHubOnDemand>();
        services.AddSingleton<DisplayBridge>();
        services.AddSingleton<IPaymentObserver>(sp => sp.GetRequiredService<DisplayBridge>());
        services.AddHostedService<DisplayPublisher>();

        // Read lazily (when Kestrel starts), so configuration added after AddDisplay (tests, hosting) counts.
        services.AddSingleton<DisplayListener>();
        services.AddOptions<KestrelServerOptions>()
            .Configure<IConfiguration, DisplayListener>((kestrel, configuration, listener) =>
                listener.Configure(kestrel, configuration));
        services.AddSingleton<LanHosts>();
        services.AddSingleton<IPostConfigureOptions<HostFilteringOptions>, LanHostFiltering>();
        services.AddSingleton<DisplayGate>();
        return builder;
    }

    /// <summary>The LAN listener's gate: on that listener only the display page, its files and its hub are served.</summary>
    public static WebApplication UseDisplayGate(this WebApplication app)
    {
        app.Use(app.Services.GetRequiredService<DisplayGate>().InvokeAsync);
        return app;
    }

    public static WebApplication MapDisplay(this WebApplication app)
    {
        // Gateway.csproj links the repository's wwwroot/ next to Gateway.dll, whatever the content root is.
        var webRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var files = new PhysicalFileProvider(webRoot);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
        });

        app.MapGet(PagePath, (HttpContext context, IOptions<GatewayOptions> gateway) =>
            {
                var terminal = context.Request.Query["terminal"].ToString();
                if (terminal.Length == 0)
                {
                    return Results.Redirect($"{PagePath}?terminal={Uri.EscapeDataString(gateway.Value.DefaultTerminalId)}");
                }
                context.Response.Headers.CacheControl = "no-cache";
                return Results.Stream(files.GetFileInfo("display.html").CreateReadStream(), "text/html; charset=utf-8");
            })
            .ExcludeFromDescription();
        app.MapDisplayTexts();
        // Not app.MapCustomerDisplayHub(): mapped on the first display request, so SignalR's heartbeat waits for a display.
        app.Use(app.Services.GetRequiredService<DisplayHubOnDemand>().InvokeAsync);

        var listener = app.Services.GetRequiredService<DisplayListener>();
        var lanHosts = app.Services.GetRequiredService<LanHosts>();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var endPoint in listener.EndPoints)
            {
                LogLanDisplay(app.Logger, endPoint.ToString(), string.Join(", ", lanHosts.Names));
            }
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Customer display published on the LAN listener {EndPoint} (display only): open /display?terminal=ID there, by one of these host names: {Hosts}")]
    private static partial void LogLanDisplay(ILogger logger, string endPoint, string hosts);
}
