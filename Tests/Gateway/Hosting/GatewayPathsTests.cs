using Gateway;
using Gateway.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Tests.Gateway.Hosting;

public sealed class GatewayPathsTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("lpg-root-");

    public void Dispose() => _root.Delete(recursive: true);

    private HostingEnvironment Environment(string name) => new() { EnvironmentName = name, ContentRootPath = _root.FullName };

    [Fact]
    public void DataDirectory_Configured_IsCreatedRelativeToTheContentRoot()
    {
        var path = global::Gateway.Hosting.GatewayPaths.DataDirectory(new GatewayOptions { DataDirectory = "state" }, Environment(Environments.Production));

        Assert.Equal(Path.Combine(_root.FullName, "state"), path);
        Assert.True(Directory.Exists(path));
    }

    [Fact]
    public void DataDirectory_DevelopmentDefault_IsDataUnderTheContentRoot()
    {
        var path = global::Gateway.Hosting.GatewayPaths.DataDirectory(new GatewayOptions(), Environment(Environments.Development));

        Assert.Equal(Path.Combine(_root.FullName, "data"), path);
    }

    [Fact]
    public void SettingsDirectory_Default_IsTheGatewaysOwnFolder()
    {
        var path = global::Gateway.Hosting.GatewayPaths.SettingsDirectory(new GatewayOptions(), Environment(Environments.Production));

        Assert.Equal(Path.GetFullPath(AppContext.BaseDirectory), path);
    }
}
