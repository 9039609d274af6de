using Gateway.Storage.PostgreSql;
using Microsoft.Extensions.Configuration;

namespace Tests.Gateway.Storage.PostgreSql;

public sealed class PostgreSqlConnectionTests
{
    [Fact]
    public void Read_NoConnectionString_StartErrorNamesTheKey()
    {
        var configuration = Configuration(null);

        var error = Assert.Throws<InvalidOperationException>(() => PostgreSqlConnection.Read(configuration));

        Assert.Contains("ConnectionStrings:Journal", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Unparsable_StartErrorNamesTheKey_PasswordNotInIt()
    {
        var configuration = Configuration("Host=db;Database=lpg;Password=Sekret-42;Colour=blue");

        var error = Assert.Throws<InvalidOperationException>(() => PostgreSqlConnection.Read(configuration));

        Assert.Contains("ConnectionStrings:Journal", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Sekret-42", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoHost_StartErrorNamesTheKeyAndHost()
    {
        var configuration = Configuration("Database=lpg;Username=u");

        var error = Assert.Throws<InvalidOperationException>(() => PostgreSqlConnection.Read(configuration));

        Assert.Contains("ConnectionStrings:Journal names no Host", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoTimeout_FiveSeconds_DescribedWithoutThePassword()
    {
        var configuration = Configuration("Host=db;Port=5433;Database=lpg;Username=u;Password=Sekret-42");

        var builder = PostgreSqlConnection.Read(configuration);

        Assert.Equal(5, builder.Timeout);
        Assert.Equal("PostgreSQL db:5433/lpg", PostgreSqlConnection.Describe(builder));
    }

    [Fact]
    public void Read_TimeoutGiven_Kept()
    {
        var configuration = Configuration("Host=db;Database=lpg;Timeout=20");

        var builder = PostgreSqlConnection.Read(configuration);

        Assert.Equal(20, builder.Timeout);
    }

    private static IConfiguration Configuration(string? connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Journal"] = connectionString }).Build();
}
