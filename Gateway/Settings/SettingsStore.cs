// Over ~250 lines on purpose: one role (the snapshot and how it is refreshed: watcher, poll, settle); the change report (store and tills) and its log messages are the last 65.
namespace Gateway.Settings;

/// <summary>
/// Holds the current <see cref="SettingsSnapshot"/> and replaces it when a file in the settings directory
/// changes (a hand edit, a new certificate): a FileSystemWatcher reacts at once, and a poll of the files'
/// sizes and timestamps catches what the watcher misses (network shares, some editors). The poll runs every
/// <see cref="PollInterval"/> only while it is the sole way to see a change (no watcher, or the watcher reported an
/// error) or while a change it saw is settling; with a working watcher it looks every <see cref="SafetyPollInterval"/>,
/// so an idle gateway does not wake every second to stat files that have not changed.
/// </summary>
/// <remarks>
/// A snapshot always reflects the files as they are: a broken file gives a snapshot with <see cref="SettingsSnapshot.Problem"/>
/// set, never a stale "good" one, so the administrator sees the mistake at once. A half-written file is
/// not read: a change is applied only once the files have been still for <see cref="SettleTime"/>, and a
/// file locked by its writer is retried on the next poll while the previous snapshot stays.
/// </remarks>
public sealed partial class SettingsStore : ISettingsStore, IDisposable
{
    public static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(300);
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan SafetyPollInterval = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time;
    private readonly ILogger<SettingsStore> _logger;
    private readonly Lock _reloadLock = new();
    // File watching runs on the wall clock even when tests fake the gateway's time.
    private readonly ITimer _pollTimer;
    private readonly ITimer _settleTimer;
    private FileSystemWatcher? _watcher;
    // A watcher runs and has not reported an error: the poll is only the safety net.
    private volatile bool _watching;
    private bool _watcherFailed;
    private SettingsSnapshot _current;
    private string _loadedFingerprint = "";
    private string _lastSeenFingerprint = "";
    private bool _disposed;

    /// <summary>Watches <paramref name="directory"/>; null waits for <see cref="UseDirectory"/> (sandbox start-up).</summary>
    public SettingsStore(string? directory, TimeProvider time, ILogger<SettingsStore> logger)
        : this(directory, time, logger, TimeProvider.System)
    {
    }

    /// <summary>As the public constructor, with the clock of the poll and the settle delay given (tests inspect its timers).</summary>
    internal SettingsStore(string? directory, TimeProvider time, ILogger<SettingsStore> logger, TimeProvider watchClock)
    {
        _time = time;
        _logger = logger;
        _pollTimer = watchClock.CreateTimer(_ => Poll(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _settleTimer = watchClock.CreateTimer(_ => ReloadQuietly(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _current = new SettingsSnapshot
        {
            Problem = Pending.ToString(),
            Errors = [Pending],
            LoadedAt = time.GetUtcNow(),
        };
        if (directory is not null)
        {
            UseDirectory(directory, sandbox: false);
        }
    }

    private static SettingsMessage Pending { get; } = new(WebMoneySettingsReader.FileName, null, null,
        "настройки ещё не прочитаны (идёт запуск, в режиме песочницы — запуск эмулятора WebMoney). Повторите через несколько секунд.",
        "the settings have not been read yet (starting up; in sandbox mode, starting the WebMoney emulator). Try again in a few seconds.");

    public SettingsSnapshot Current => Volatile.Read(ref _current);

    /// <summary>The directory being watched, or null before the sandbox has started.</summary>
    public string? Directory { get; private set; }

    public bool Sandbox { get; private set; }

    /// <summary>Serialises PUT /settings writers, so two saves never interleave their read-modify-write.</summary>
    internal SemaphoreSlim WriteLock { get; } = new(1, 1);

    /// <summary>Starts reading and watching <paramref name="directory"/>.</summary>
    public void UseDirectory(string directory, bool sandbox)
    {
        lock (_reloadLock)
        {
            Directory = Path.GetFullPath(directory);
            Sandbox = sandbox;
            _watcher?.Dispose();
            _watcherFailed = false;
            _watcher = CreateWatcher(Directory);
            _watching = _watcher is not null;
        }
        ReloadQuietly();
        SchedulePoll(fast: !_watching);
    }

    /// <summary>Reads the files now and publishes the snapshot (also after a PUT, so the answer reflects it).</summary>
    public SettingsSnapshot Reload()
    {
        SettingsSnapshot previous, next;
        lock (_reloadLock)
        {
            if (Directory is null)
            {
                return Current;
            }
            previous = Current;
            // Taken before reading: a change made while reading shows as a new fingerprint on the next poll.
            var fingerprint = SettingsFingerprint.Of(Directory, previous);
            next = SettingsLoader.Load(Directory, Sandbox, _time.GetUtcNow(), previous);
            _loadedFingerprint = _lastSeenFingerprint = fingerprint;
            Volatile.Write(ref _current, next);
        }
        Report(previous, next);
        return next;
    }

    public void Dispose()
    {
        lock (_reloadLock)
        {
            _disposed = true;
            _watcher?.Dispose();
            _watcher = null;
        }
        _pollTimer.Dispose();
        _settleTimer.Dispose();
        WriteLock.Dispose();
    }

    private FileSystemWatcher? CreateWatcher(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return null; // the poll notices when it appears
        }
        try
        {
            var watcher = new FileSystemWatcher(directory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                // The tills' folders (terminals/<id>/, SPEC §15) too; changes elsewhere below are ignored.
                IncludeSubdirectories = true,
            };
            FileSystemEventHandler onChange = (_, e) =>
            {
                if (IsSettingsPath(directory, e.FullPath))
                {
                    _settleTimer.Change(SettleTime, Timeout.InfiniteTimeSpan);
                }
            };
            watcher.Changed += onChange;
            watcher.Created += onChange;
            watcher.Deleted += onChange;
            watcher.Renamed += (_, e) =>
            {
                if (IsSettingsPath(directory, e.FullPath) || IsSettingsPath(directory, e.OldFullPath))
                {
                    _settleTimer.Change(SettleTime, Timeout.InfiniteTimeSpan);
                }
            };
            watcher.Error += (_, e) =>
            {
                // Events may have been lost: the poll takes over at its full pace.
                _watching = false;
                SchedulePoll(fast: true);
                LogWatcherFailed(_logger, e.GetException());
            };
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
        {
            _watcherFailed = true; // not retried: the poll does the watching, at its full pace
            LogWatcherFailed(_logger, ex);
            return null;
        }
    }

    /// <summary>A file of the settings directory itself, or anything under its <c>terminals/</c> folder.</summary>
    private static bool IsSettingsPath(string directory, string path)
    {
        var relative = Path.GetRelativePath(directory, path);
        var separator = relative.IndexOfAny(['/', '\\']);
        return separator < 0 || relative[..separator] == TerminalSettingsLoader.FolderName;
    }

    private void Poll()
    {
        lock (_reloadLock)
        {
            if (Directory is not { } directory || _disposed)
            {
                return;
            }
            if (_watcher is null && !_watcherFailed && System.IO.Directory.Exists(directory))
            {
                // The directory appeared since: watch it from now on.
                _watcher = CreateWatcher(directory);
                _watching = _watcher is not null;
            }
            var fingerprint = SettingsFingerprint.Of(directory, Current);
            var settled = fingerprint == _lastSeenFingerprint;
            _lastSeenFingerprint = fingerprint;
            if (fingerprint == _loadedFingerprint)
            {
                SchedulePoll(fast: !_watching);
                return;
            }
            // Apply a change only once it has held still for a whole poll: a file being written keeps changing.
            SchedulePoll(fast: true);
            if (!settled)
            {
                return;
            }
        }
        ReloadQuietly();
    }

    /// <summary>One poll at a time, each scheduling the next: no periodic timer keeps ticking on its own.</summary>
    private void SchedulePoll(bool fast)
    {
        try
        {
            _pollTimer.Change(fast ? PollInterval : SafetyPollInterval, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed meanwhile: nothing more to watch.
        }
    }

    private void ReloadQuietly()
    {
        try
        {
            if (!_disposed)
            {
                Reload();
            }
        }
        catch (IOException ex)
        {
            // Locked by its writer: keep the current snapshot; the next poll (soon) tries again.
            lock (_reloadLock)
            {
                _loadedFingerprint = "";
            }
            SchedulePoll(fast: true);
            LogReadRetry(_logger, ex.Message);
        }
    }

    private void Report(SettingsSnapshot previous, SettingsSnapshot next)
    {
        var changes = SettingsAudit.Changes(previous, next);
        if (previous.Directory is null || previous.Directory != next.Directory)
        {
            LogLoaded(_logger, next.Directory, next.Sandbox ? "sandbox" : "live");
        }
        else if (changes.Count > 0)
        {
            LogChanged(_logger, string.Join("; ", changes));
        }
        if (next.Problem is not null && next.Problem != previous.Problem)
        {
            LogProblem(_logger, next.Problem);
        }
        else if (next.IsUsable && !previous.IsUsable)
        {
            LogUsable(_logger);
        }
        foreach (var warning in next.Warnings.Except(previous.Warnings))
        {
            LogWarning(_logger, warning);
        }
        foreach (var (terminalId, till) in next.Terminals)
        {
            var before = previous.Terminals.GetValueOrDefault(terminalId);
            if (ReferenceEquals(before, till))
            {
                continue;
            }
            if (till.Problem is not null && till.Problem != before?.Problem)
            {
                LogTillProblem(_logger, terminalId, till.Problem);
            }
            else if (till.IsUsable && before?.IsUsable != true)
            {
                LogTillUsable(_logger, terminalId, till.Settings!.PosNumber);
            }
        }
    }

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "Till {TerminalId} cannot take payments until its folder is fixed (the other tills are not affected):\n{Problem}")]
    private static partial void LogTillProblem(ILogger logger, string terminalId, string problem);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "Till {TerminalId} pays as POS {PosNumber} with its own certificate")]
    private static partial void LogTillUsable(ILogger logger, string terminalId, string posNumber);

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Settings read from {Directory} ({Mode})")]
    private static partial void LogLoaded(ILogger logger, string? directory, string mode);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Settings changed in the files: {Changes}")]
    private static partial void LogChanged(ILogger logger, string changes);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "The gateway cannot take payments until the settings are fixed:\n{Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Settings are valid and the certificate loads: the gateway takes payments")]
    private static partial void LogUsable(ILogger logger);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Settings: {Warning}")]
    private static partial void LogWarning(ILogger logger, string warning);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Watching the settings directory failed; changes are still picked up by polling")]
    private static partial void LogWatcherFailed(ILogger logger, Exception? exception);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "A settings file is busy ({Reason}); retrying")]
    private static partial void LogReadRetry(ILogger logger, string reason);
}
