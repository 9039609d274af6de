using System.Net.Sockets;
using Npgsql;

namespace Tests.Support;

/// <summary>The throwaway PostgreSQL cluster the journal's PostgreSQL tests run on: it serves, and leaves nothing behind.</summary>
public sealed class PostgresClusterTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task SharedCluster_ClassDatabase_AnswersSelectVersion()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version(), current_database()", connection);

        await using var reader = await command.ExecuteReaderAsync();

        Assert.True(await reader.ReadAsync());
        Assert.StartsWith("PostgreSQL ", reader.GetString(0), StringComparison.Ordinal);
        Assert.StartsWith("class_", reader.GetString(1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateDatabaseAsync_SameNameTwice_TwoSeparateDatabases()
    {
        var cluster = await PostgresCluster.SharedAsync();

        var first = await cluster.CreateDatabaseAsync("Same Name");
        var second = await cluster.CreateDatabaseAsync("Same Name");

        Assert.NotEqual(first, second);
        await using var connection = new NpgsqlConnection(second);
        await connection.OpenAsync();
    }

    [Fact]
    public async Task Stop_OwnCluster_ServerGoneAndFolderDeleted()
    {
        var cluster = await PostgresCluster.StartAsync();
        var pidFile = File.ReadAllLines(Path.Combine(cluster.DataDirectory, "postmaster.pid"));
        var postmaster = int.Parse(pidFile[0], System.Globalization.CultureInfo.InvariantCulture);

        cluster.Stop();

        Assert.False(Directory.Exists(cluster.Folder));
        Assert.False(Running(postmaster));
        using var tcp = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => tcp.ConnectAsync("127.0.0.1", cluster.Port));
    }

    [Fact]
    public async Task OwnerGone_DetachedWatchdog_StopsAndDeletesTheCluster()
    {
        // The watchdog a cluster leaves behind is what cleans up when the test host is killed; here its owner is a
        // stand-in process that ends, the way a killed test host would.
        var cluster = await PostgresCluster.StartAsync();
        using var owner = System.Diagnostics.Process.Start("sleep", "1")!;
        var postmaster = int.Parse(File.ReadAllLines(Path.Combine(cluster.DataDirectory, "postmaster.pid"))[0], System.Globalization.CultureInfo.InvariantCulture);

        await cluster.WatchAsync(owner.Id);
        await owner.WaitForExitAsync();

        Assert.True(await Eventually.TrueAsync(() => !Directory.Exists(cluster.Folder), TimeSpan.FromSeconds(30)));
        Assert.False(Running(postmaster));
    }

    /// <summary>Exited: no /proc entry, or a zombie not yet reaped by init.</summary>
    private static bool Running(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        return File.Exists(stat) && File.ReadAllText(stat).Split(") ")[1][0] != 'Z';
    }
}
