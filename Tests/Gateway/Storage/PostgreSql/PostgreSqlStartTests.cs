using System.Diagnostics;
using Gateway.Hosting;
using Gateway.Storage.PostgreSql;
using Tests.Support;

namespace Tests.Gateway.Storage.PostgreSql;

/// <summary>
/// The built gateway started as a process on Gateway:Journal:Provider = PostgreSql: what its start does with a
/// database it cannot use (the exit code a service manager acts on, a message naming the database, never the password).
/// </summary>
public sealed class PostgreSqlStartTests : IDisposable
{
    private readonly TempDirectory _data = new("pg-start");

    [Fact]
    public async Task DatabaseUnreachableAtStart_Exits69_NamingTheDatabase_NotThePassword()
    {
        var port = GatewayProcess.FreePort();

        var (exitCode, output) = await RunGatewayAsync(
            $"--ConnectionStrings:Journal=Host=127.0.0.1;Port={port};Database=shop;Username=lpg;Password=Sekret-Start-42");

        Assert.Equal(FailureExitCode.JournalUnavailable, exitCode);
        Assert.Contains($"PostgreSQL 127.0.0.1:{port}/shop", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Sekret-Start-42", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchemaFromANewerGateway_Exits65_DatabaseUntouched()
    {
        var cluster = await PostgresCluster.SharedAsync();
        var connectionString = await cluster.CreateDatabaseAsync("newer");
        await using (var db = new PostgreSqlDatabase(new Npgsql.NpgsqlConnectionStringBuilder(connectionString)))
        {
            await db.EnsureSchemaAsync();
            await using var newer = db.DataSource.CreateCommand($"INSERT INTO journal_schema (version) VALUES ({PostgreSqlSchema.Version + 1})");
            await newer.ExecuteNonQueryAsync();
        }

        var (exitCode, output) = await RunGatewayAsync("--ConnectionStrings:Journal=" + connectionString);

        Assert.Equal(FailureExitCode.JournalTooNew, exitCode);
        Assert.Contains($"(схема журнала {PostgreSqlSchema.Version + 1})", output, StringComparison.Ordinal);
        await using var check = Npgsql.NpgsqlDataSource.Create(connectionString);
        await using var versions = check.CreateCommand("SELECT string_agg(version::text, ',' ORDER BY version) FROM journal_schema");
        Assert.Equal(string.Join(',', Enumerable.Range(1, PostgreSqlSchema.Version + 1)), (string?)await versions.ExecuteScalarAsync());
    }

    public void Dispose() => _data.Dispose();

    private async Task<(int ExitCode, string Output)> RunGatewayAsync(params string[] settings)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Gateway.dll"), "--environment", "Production",
            "--urls", $"http://127.0.0.1:{GatewayProcess.FreePort()}", "--Gateway:DataDirectory=" + _data.Path,
            "--Gateway:Journal:Provider=PostgreSql",
        }.Concat(settings))
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await output + await error);
    }
}
