using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's binaries (<c>/usr/lib/postgresql/&lt;ver&gt;/bin</c>, installed by
/// <c>.ci/run</c>), no Docker: <c>initdb</c> into a temp folder (as the <c>postgres</c> user when the tests run as
/// root, which initdb refuses), a free port on 127.0.0.1, the unix socket in the same folder, <c>pg_ctl -w start</c>.
/// One per test run (<see cref="SharedAsync"/>, started on first use), stopped with <c>-m immediate</c> and deleted
/// when the test process exits; a cluster left by a test process that was killed is reaped by the next run.
/// Each test class takes a database of its own (<see cref="CreateDatabaseAsync"/>, <see cref="PostgresDatabase"/>).
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private const string Prefix = "lpg-pgcluster-";
    private const string OwnerFile = "owner.pid";
    private static readonly Lazy<Task<PostgresCluster>> Shared = new(StartSharedAsync);
    private static int _databases;
    private readonly string _serverOptions;

    private PostgresCluster(string folder, string bin, int port, bool durable)
    {
        Folder = folder;
        Bin = bin;
        Port = port;
        // The tests' cluster skips fsync (its data is thrown away); the benchmark's (bench b8) commits durably, as a store server does.
        _serverOptions = $"-p {port} -k {folder} -c listen_addresses=127.0.0.1" + (durable ? "" : " -c fsync=off -c full_page_writes=off");
    }

    /// <summary>The temp folder: <c>data/</c> (the cluster), the unix socket, the server log.</summary>
    public string Folder { get; }

    public string Bin { get; }

    public int Port { get; }

    public string DataDirectory => Path.Combine(Folder, "data");

    /// <summary>The superuser on the <c>postgres</c> database (trust authentication, loopback only).</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    /// <summary>The run's cluster, started by the first test that asks.</summary>
    public static Task<PostgresCluster> SharedAsync() => Shared.Value;

    /// <summary>Debian's newest server binaries, or null when PostgreSQL is not installed.</summary>
    public static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;

    /// <summary>A cluster of its own (the shared one is <see cref="SharedAsync"/>); the caller stops it.</summary>
    /// <param name="durable">fsync on, as a real server runs (the benchmark); off (default) for the tests.</param>
    public static async Task<PostgresCluster> StartAsync(bool durable = false)
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (/usr/lib/postgresql/<ver>/bin/initdb): .ci/run installs the postgresql package.");
        var folder = Path.Combine(Path.GetTempPath(), Prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var cluster = new PostgresCluster(folder, bin, FreePort(), durable);
        try
        {
            if (AsRoot)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", folder]);
            }
            await cluster.PgAsync("initdb", ["-D", cluster.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
            await cluster.StartServerAsync();
            await cluster.WatchAsync(Environment.ProcessId);
            return cluster;
        }
        catch
        {
            cluster.Stop();
            throw;
        }
    }

    /// <summary>A fresh database (the name is made unique for the run); answers its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        var safe = new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        var database = $"{safe[..Math.Min(safe.Length, 40)]}_{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(database);
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database }.ConnectionString;

    /// <summary><c>pg_ctl stop -m immediate</c> (what a crash of the server looks like to the gateway).</summary>
    public Task StopServerAsync() =>
        PgAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);

    /// <summary>Starts the server again on the same port and data.</summary>
    public Task StartServerAsync() =>
        PgAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(Folder, "server.log"), "-o", _serverOptions, "-w", "-t", "60", "start"]);

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    /// <summary>Stops the server at once and deletes the folder; synchronous, for <c>ProcessExit</c>.</summary>
    public void Stop()
    {
        NpgsqlConnection.ClearAllPools();
        StopFolder(Folder, Bin);
    }

    /// <summary>
    /// The test host may be ended before its <c>ProcessExit</c> handler is done (the runner kills it, or a run is
    /// cancelled): a detached shell (not in the host's process tree) waits for it to go, then stops and deletes the cluster.
    /// </summary>
    internal Task WatchAsync(int ownerPid)
    {
        var asPostgres = AsRoot ? "runuser -u postgres -- " : "";
        var script = $"""
            ( while kill -0 {ownerPid} 2>/dev/null; do sleep 1; done
              [ -f '{DataDirectory}/postmaster.pid' ] && {asPostgres}'{Path.Combine(Bin, "pg_ctl")}' -D '{DataDirectory}' -m immediate -w stop
              rm -rf '{Folder}' ) </dev/null >/dev/null 2>&1 &
            """;
        return RunAsync("sh", ["-c", script]);
    }

    private static async Task<PostgresCluster> StartSharedAsync()
    {
        ReapOrphans();
        var cluster = await StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        return cluster;
    }

    /// <summary>Clusters whose test process is gone (killed before its ProcessExit ran) are stopped and deleted.</summary>
    private static void ReapOrphans()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            var owner = Path.Combine(folder, OwnerFile);
            if (File.Exists(owner) && int.TryParse(File.ReadAllText(owner), out var pid) && !Alive(pid) && FindBinaries() is { } bin)
            {
                StopFolder(folder, bin);
            }
        }
    }

    private static void StopFolder(string folder, string bin)
    {
        var data = Path.Combine(folder, "data");
        if (File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]).WaitForExit(30_000);
        }
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static bool Alive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool AsRoot => Environment.UserName == "root";

    private Task PgAsync(string tool, string[] arguments) => RunAsync(Path.Combine(Bin, tool), arguments);

    private static async Task RunAsync(string file, string[] arguments)
    {
        using var process = Run(file, arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} exited {process.ExitCode}: {await error}{await output}");
        }
    }

    /// <summary>PostgreSQL's tools refuse to run as root: as root, they run as <c>postgres</c> (runuser).</summary>
    private static Process Run(string file, string[] arguments)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (AsRoot && file.StartsWith(Path.DirectorySeparatorChar))
        {
            start.FileName = "runuser";
            foreach (var a in (string[])["-u", "postgres", "--", file, .. arguments])
            {
                start.ArgumentList.Add(a);
            }
        }
        else
        {
            start.FileName = file;
            foreach (var a in arguments)
            {
                start.ArgumentList.Add(a);
            }
        }
        return Process.Start(start)!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
