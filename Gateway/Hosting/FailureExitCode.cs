using Microsoft.Extensions.Hosting.WindowsServices;

namespace Gateway.Hosting;

/// <summary>
/// Turns a background service's unhandled failure into a non-zero exit code. The host's default
/// (<c>BackgroundServiceExceptionBehavior.StopHost</c>) stops cleanly and exits 0, which a service manager reads
/// as a wanted stop: Windows' recovery actions and systemd's <c>Restart=on-failure</c> would never run.
/// </summary>
public sealed class FailureExitCode(IServiceProvider services, IHostApplicationLifetime lifetime, IHostLifetime hostLifetime) : IHostedService
{
    /// <summary>A background service failed (EX_SOFTWARE).</summary>
    public const int BackgroundServiceFailed = 70;

    /// <summary>The journal was written by a newer version (EX_DATAERR); nothing was touched.</summary>
    public const int JournalTooNew = 65;

    /// <summary>The journal's database (PostgreSQL) could not be reached at start (EX_UNAVAILABLE): restarted, it tries again.</summary>
    public const int JournalUnavailable = 69;

    /// <summary>What the process should exit with: 0 until a background service has failed.</summary>
    public int Code { get; private set; }

    private IReadOnlyList<BackgroundService> _background = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Taken now (the host has made every hosted service by the time it starts them): at stop the container may
        // already be on its way out.
        _background = services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        // Registered after the service lifetime's own stopping callback, so it runs first (callbacks run last-in,
        // first-out): the Windows service's exit code is set before it reports STOPPED to the service manager.
        lifetime.ApplicationStopping.Register(OnStopping);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        OnStopping();
        return Task.CompletedTask;
    }

    internal void Fail(int code)
    {
        Code = code;
        if (OperatingSystem.IsWindows() && hostLifetime is WindowsServiceLifetime windowsService)
        {
            windowsService.ExitCode = code;
        }
    }

    private void OnStopping()
    {
        if (Code == 0 && _background.Any(s => s.ExecuteTask is { IsFaulted: true }))
        {
            Fail(BackgroundServiceFailed);
        }
    }
}
