using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CustomerDisplay;

public static class DisplayServiceCollectionExtensions
{
    /// <summary>SignalR, the notifier and options. The host may register its own <see cref="IDisplaySnapshotSource"/>.</summary>
    public static IServiceCollection AddCustomerDisplay(this IServiceCollection services)
    {
        services.AddOptions<DisplayOptions>()
            .BindConfiguration(DisplayOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSignalR()
            .AddHubOptions<DisplayHub>(o => o.MaximumReceiveMessageSize = 4 * 1024)
            .AddJsonProtocol(o =>
                o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDisplaySnapshotSource, IdleSnapshotSource>();
        services.AddSingleton<DisplayNotifier>();
        return services;
    }

    public static HubEndpointConventionBuilder MapCustomerDisplayHub(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHub<DisplayHub>(DisplayHub.Path, o =>
        {
            // Pages only read; a subscribe call is tiny.
            o.ApplicationMaxBufferSize = 4 * 1024;
            o.Transports = HttpTransportType.WebSockets | HttpTransportType.LongPolling;
        });
}
