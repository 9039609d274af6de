using Gateway.Storage.PostgreSql;
using Npgsql;

namespace Tests.Gateway.Storage.PostgreSql;

/// <summary>
/// How many connections a node takes from the server (bench b8 found two busy nodes on Npgsql's default pool of 100
/// running PostgreSQL out of connections, and a node that could not connect lost its leases to the other).
/// </summary>
public sealed class PostgreSqlPoolTests
{
    private const string Journal = "Host=db.shop.local;Database=localpay;Username=localpay;Password=Sekret-Pool-42";

    [Fact]
    public void Node_NoPoolSizeInTheConnectionString_TakesAtMostTwentyPlusTwoForItsLeases()
    {
        using var db = new PostgreSqlDatabase(new NpgsqlConnectionStringBuilder(Journal));

        Assert.Equal(20, PoolOf(db));
        Assert.Equal(2, PoolOf(db.ForLeaseKeeping()));
        Assert.Same(db.ForLeaseKeeping(), db.ForLeaseKeeping());
    }

    [Theory]
    [InlineData("Maximum Pool Size=50", 50)]
    [InlineData("MaxPoolSize=7", 7)]
    [InlineData("maximum pool size=100", 100)]
    public void Node_PoolSizeInTheConnectionString_TheAdministratorsChoiceKept(string setting, int expected)
    {
        using var db = new PostgreSqlDatabase(new NpgsqlConnectionStringBuilder($"{Journal};{setting}"));

        Assert.Equal(expected, PoolOf(db));
        Assert.Equal(2, PoolOf(db.ForLeaseKeeping()));
    }

    private static int PoolOf(PostgreSqlDatabase db) => new NpgsqlConnectionStringBuilder(db.DataSource.ConnectionString).MaxPoolSize;
}
