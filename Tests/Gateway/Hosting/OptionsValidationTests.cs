using Microsoft.Extensions.Options;
using Tests.Support;

namespace Tests.Gateway.Hosting;

/// <summary>A wrong line in appsettings stops the start with a message naming the key, instead of a gateway that misbehaves later.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Security:RequestsPerSecond", "0", "RequestsPerSecond")]
    [InlineData("Security:MaxRequestBodyBytes", "10", "MaxRequestBodyBytes")]
    [InlineData("Gateway:FileLog:RetainedFiles", "0", "RetainedFiles")]
    [InlineData("Display:AllowedOrigins", "kiosk.local", "Display:AllowedOrigins")]
    [InlineData("Display:AllowedOrigins", "http://kiosk.local/page", "Display:AllowedOrigins")]
    [InlineData("Display:LanHosts", "bad host!", "Display:LanHosts")]
    public void Start_WithAnInvalidOption_FailsNamingTheKey(string key, string value, string named)
    {
        using var factory = new GatewayHarness().UseScriptedWebMoney().Config(key, value);

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var validation = Assert.IsType<OptionsValidationException>(Unwrap(error));
        Assert.Contains(named, string.Join(" ", validation.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_WithValidDisplayOrigins_Starts()
    {
        using var factory = new GatewayHarness().UseScriptedWebMoney()
            .Config("Display:AllowedOrigins", "http://kiosk.local:8080; https://tablet.shop")
            .Config("Display:LanHosts", "192.168.1.20;kassa-1");

        using var client = factory.CreateClient();

        Assert.NotNull(client);
    }

    private static Exception Unwrap(Exception error)
    {
        while (error is not OptionsValidationException && error.InnerException is not null)
        {
            error = error.InnerException;
        }

        return error is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : error;
    }
}
