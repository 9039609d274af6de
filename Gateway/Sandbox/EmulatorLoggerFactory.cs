using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Sandbox;

/// <summary>
/// The gateway's logging as the in-process emulator sees it: everything goes to the gateway's log except the emulator
/// hosts' own lifetime lines ("Now listening on", "Hosting environment: Production", "Application started"), which a
/// newcomer would take for the gateway's (issue #28 §9). The gateway says its own addresses in one line instead
/// (<see cref="SandboxSetup"/>). The gateway owns the inner factory: disposing this one does not dispose it.
/// </summary>
internal sealed class EmulatorLoggerFactory(ILoggerFactory gateway) : ILoggerFactory
{
    public const string LifetimeCategory = "Microsoft.Hosting.Lifetime";

    public ILogger CreateLogger(string categoryName) =>
        categoryName == LifetimeCategory ? NullLogger.Instance : gateway.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => gateway.AddProvider(provider);

    public void Dispose()
    {
    }
}
