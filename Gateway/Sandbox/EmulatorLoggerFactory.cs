using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Sandbox;

/// <summary>
/// The gateway's logging as the in-process emulator sees it: everything goes to the gateway's log except the emulator
/// hosts' own lifetime lines ("Now listening on", "Hosting environment: Production", "Application started"), which a
/// newcomer would take for the gateway's (issue #28 §9), and the SOAP server's Information lines (one per request). The gateway says its own addresses in one line instead
/// (<see cref="SandboxSetup"/>). The gateway owns the inner factory: disposing this one does not dispose it.
/// </summary>
internal sealed class EmulatorLoggerFactory(ILoggerFactory gateway) : ILoggerFactory
{
    public const string LifetimeCategory = "Microsoft.Hosting.Lifetime";

    /// <summary>The SOAP server's per-request lines ("Request for operation … received") are the emulator's, not the gateway's.</summary>
    public const string SoapCategoryPrefix = "SoapCore";

    public ILogger CreateLogger(string categoryName) => categoryName switch
    {
        LifetimeCategory => NullLogger.Instance,
        _ when categoryName.StartsWith(SoapCategoryPrefix, StringComparison.Ordinal) => new WarningsOnly(gateway.CreateLogger(categoryName)),
        _ => gateway.CreateLogger(categoryName),
    };

    public void AddProvider(ILoggerProvider provider) => gateway.AddProvider(provider);

    public void Dispose()
    {
    }

    private sealed class WarningsOnly(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
