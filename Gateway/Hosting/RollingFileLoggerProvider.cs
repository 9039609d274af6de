using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Gateway.Hosting;

/// <summary>
/// Writes the log to one file a day, <c>gateway-yyyyMMdd.log</c> (local date), keeping the newest
/// <see cref="FileLoggerOptions.RetainedFiles"/>. Logging never waits for the disk: lines go through a
/// bounded queue to one writer task, and are dropped (counted) if the disk cannot keep up.
/// </summary>
[ProviderAlias("File")]
public sealed class RollingFileLoggerProvider : ILoggerProvider
{
    public const string FilePrefix = "gateway-";
    public const string FileExtension = ".log";

    private readonly Channel<(string Day, string Text)> _queue = Channel.CreateBounded<(string Day, string Text)>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });
    private readonly ConcurrentDictionary<string, FileLogger> _loggers = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly string _directory;
    private readonly int _retained;
    private readonly Task _writer;
    private long _dropped;

    public RollingFileLoggerProvider(IOptions<FileLoggerOptions> options, IOptions<GatewayOptions> gateway, IHostEnvironment environment, TimeProvider time)
        : this(options.Value.Directory is { Length: > 0 } dir
                ? Path.GetFullPath(Path.Combine(environment.ContentRootPath, dir))
                : GatewayPaths.LogDirectory(gateway.Value, environment),
            options.Value.RetainedFiles, time)
    {
        // The first line of every start: which version wrote what follows, and which journal schema it expects.
        var now = time.GetLocalNow();
        Enqueue(now, string.Create(CultureInfo.InvariantCulture,
            $"{now:yyyy-MM-dd HH:mm:ss.fff zzz} [INF] {GatewayVersion.Describe()}, process {Environment.ProcessId}{Environment.NewLine}"));
    }

    public RollingFileLoggerProvider(string directory, int retainedFiles, TimeProvider time)
    {
        _directory = directory;
        _retained = Math.Max(1, retainedFiles);
        _time = time;
        _writer = Task.Run(WriteLoopAsync);
    }

    public string Directory => _directory;

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, name => new FileLogger(this, name));

    /// <summary>Writes what is queued and closes the file.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(5));
    }

    private void Enqueue(DateTimeOffset at, string line)
    {
        // The file is chosen by the line's own time, so a line logged before midnight lands in that day's file.
        if (!_queue.Writer.TryWrite((at.ToString("yyyyMMdd", CultureInfo.InvariantCulture), line)))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private async Task WriteLoopAsync()
    {
        StreamWriter? writer = null;
        var day = "";
        try
        {
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (_queue.Reader.TryRead(out var line))
                {
                    if (writer is null || line.Day != day)
                    {
                        if (writer is not null)
                        {
                            await writer.DisposeAsync().ConfigureAwait(false);
                        }
                        writer = Open(line.Day);
                        day = line.Day;
                    }
                    if (writer is null)
                    {
                        Interlocked.Increment(ref _dropped);
                        continue;
                    }
                    var dropped = Interlocked.Exchange(ref _dropped, 0);
                    if (dropped > 0)
                    {
                        await writer.WriteLineAsync($"... {dropped} log lines dropped (the disk could not keep up or could not be written)").ConfigureAwait(false);
                    }
                    await writer.WriteAsync(line.Text).ConfigureAwait(false);
                }
                if (writer is not null)
                {
                    await writer.FlushAsync().ConfigureAwait(false);
                }
                else
                {
                    day = "";
                }
            }
        }
        finally
        {
            writer?.Dispose();
        }
    }

    private StreamWriter? Open(string day)
    {
        try
        {
            System.IO.Directory.CreateDirectory(_directory);
            var path = Path.Combine(_directory, FilePrefix + day + FileExtension);
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            DeleteOldFiles();
            return new StreamWriter(stream, new UTF8Encoding(false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nowhere to write: the console log still works; try again on the next line.
            return null;
        }
    }

    private void DeleteOldFiles()
    {
        var files = System.IO.Directory.GetFiles(_directory, FilePrefix + "*" + FileExtension)
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var old in files.Take(Math.Max(0, files.Count - _retained)))
        {
            try
            {
                File.Delete(old);
            }
            catch (IOException)
            {
                // Open in a viewer: try again tomorrow.
            }
        }
    }

    private sealed class FileLogger(RollingFileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var now = provider._time.GetLocalNow();
            var builder = new StringBuilder()
                .Append(now.ToString("yyyy-MM-dd HH:mm:ss.fff zzz", CultureInfo.InvariantCulture))
                .Append(" [").Append(Level(logLevel)).Append("] ")
                .Append(category);
            if (eventId.Id != 0)
            {
                builder.Append('[').Append(eventId.Id).Append(']');
            }
            builder.Append(": ").Append(formatter(state, exception)).AppendLine();
            if (exception is not null)
            {
                builder.Append(exception).AppendLine();
            }
            provider.Enqueue(now, builder.ToString());
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "TRC",
            LogLevel.Debug => "DBG",
            LogLevel.Information => "INF",
            LogLevel.Warning => "WRN",
            LogLevel.Error => "ERR",
            _ => "CRT",
        };
    }
}
