namespace Tests.Support;

/// <summary>A test class's own database on the run's cluster (<c>IClassFixture&lt;PostgresDatabase&gt;</c>).</summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    public PostgresCluster Cluster { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Cluster = await PostgresCluster.SharedAsync();
        ConnectionString = await Cluster.CreateDatabaseAsync("class");
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
