using System.Globalization;

namespace Gateway.Journal;

/// <summary>
/// One gateway per journal (SPEC §4): an exclusive lock on <c>gateway.lock</c> in the data directory, held for
/// the process's lifetime (the OS drops it when the process dies, so a crash never leaves it stale). A second
/// gateway on the same directory would poll and cancel the same payments and disagree with the first: it
/// refuses to start instead, naming the directory and the holder. The holder's pid is written beside the lock
/// (<c>gateway.lock.owner</c>): the locked file itself cannot be read by another process on every OS.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "gateway.lock";
    public const string OwnerFileName = "gateway.lock.owner";

    private readonly FileStream _lock;

    public DataDirectoryLock(string directory)
    {
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, FileName);
        try
        {
            _lock = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"Another gateway ({Holder(Directory)}) is using the data directory {Directory}: one gateway per journal. "
                + "Stop it, or give this one another Gateway:DataDirectory. / "
                + $"Каталог данных {Directory} уже занят другим шлюзом ({Holder(Directory)}): остановите его или укажите другой Gateway:DataDirectory.", e);
        }
        File.WriteAllText(Path.Combine(Directory, OwnerFileName),
            $"pid {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)} {Environment.MachineName}");
    }

    public string Directory { get; }

    private static string Holder(string directory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, OwnerFileName)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "pid unknown";
        }
    }

    public void Dispose() => _lock.Dispose();
}
