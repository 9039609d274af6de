using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Tests.Gateway.Settings;

/// <summary>The real gateway, in a chosen environment, with its settings and data directories in temp folders.</summary>
internal sealed class SettingsGatewayFactory(string environment, string settingsDirectory) : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("lpg-data-").FullName;

    /// <summary>Extra registrations (e.g. another feature's health check), applied after the gateway's own.</summary>
    public Action<IServiceCollection>? ExtraServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Gateway:SettingsDirectory", settingsDirectory);
        builder.UseSetting("Gateway:DataDirectory", DataDirectory);
        if (ExtraServices is { } services)
        {
            builder.ConfigureServices(services);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A log file may still be closing; the OS cleans its temp folder.
        }
    }
}
