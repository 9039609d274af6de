using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Tests.Support;

namespace Tests.Reliability;

/// <summary>
/// SPEC §14 "a node that lost its lease never writes over a newer state", with two real gateway processes (the built
/// Gateway.dll) on one PostgreSQL database and the in-process emulator: node A is paused with SIGSTOP past its lease,
/// node B adopts its payment and sees it paid, then A runs on (SIGCONT). Each node reaches WebMoney through a relay of
/// its own that counts what the node sends, so "A sent nothing after it ran on" is measured, not assumed.
/// </summary>
public sealed class LeaseProcessTests(EmulatorFixture emulator, PostgresDatabase database)
    : IClassFixture<EmulatorFixture>, IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const int LeaseSeconds = 3;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<IAsyncDisposable> _relays = [];
    private readonly List<TempDirectory> _directories = [];
    private readonly List<GatewayProcess> _nodes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _nodes.ForEach(n => n.Dispose());
        foreach (var relay in _relays)
        {
            await relay.DisposeAsync();
        }
        _directories.ForEach(d => d.Dispose());
        _http.Dispose();
    }

    [Fact]
    public async Task NodePausedPastItsLease_OtherNodeAdoptsAndSeesItPaid_PausedNodeRunsOn_WritesNothingSendsNothing()
    {
        var (nodeA, relayA, logsA) = await StartNodeAsync("proc-a");
        var (nodeB, _, _) = await StartNodeAsync("proc-b");
        var created = await _http.PostAsJsonAsync(nodeA.Url("/payments"), new { amount = 42m, paymentSystem = "sbp", terminalId = "lease-pause" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var payment = await created.Content.ReadFromJsonAsync<JsonElement>();
        var (id, transactionId) = (payment.GetProperty("id").GetString()!, payment.GetProperty("transactionId").GetString()!);
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(relayA.Sends >= 2), Within), "node A did not poll"); // the create, then a poll

        nodeA.Pause();
        Assert.True(await Eventually.TrueAsync(async () => await OwnerAsync(id) == "proc-b", Within), "node B did not adopt the payment");
        emulator.Host.Pay(transactionId, out _);
        var paid = await _http.GetFromJsonAsync<JsonElement>(nodeB.Url($"/payments/{id}?waitSeconds=20"));
        Assert.Equal("paid", paid.GetProperty("status").GetString());
        var settled = await RowAsync(id);
        var sentBeforeResume = relayA.Sends;

        nodeA.Resume();
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(Logged(logsA, $"Payment {id}: not this node's to work")), Within),
            "node A did not find the payment taken over");
        var seenByA = await _http.GetFromJsonAsync<JsonElement>(nodeA.Url($"/payments/{id}"));

        Assert.Equal("paid", seenByA.GetProperty("status").GetString());
        Assert.Equal(sentBeforeResume, relayA.Sends);
        Assert.Equal(settled, await RowAsync(id));
        Assert.Equal("Paid", settled.Status);
        Assert.Equal("proc-b", settled.Owner);
    }

    private async Task<(GatewayProcess Node, HoldingProxy Relay, string Logs)> StartNodeAsync(string nodeId)
    {
        var relay = new HoldingProxy(emulator.Host.SoapUrl);
        _relays.Add(relay);
        var settings = Own(new TempDirectory("lease-settings"));
        var (data, logs) = (Own(new TempDirectory("lease-data")), Own(new TempDirectory("lease-logs")));
        EmulatorFixture.CopyFolder(emulator.BundleDirectory, settings.Path);
        var file = Path.Combine(settings.Path, "WebMoneySettings.txt");
        File.WriteAllLines(file, File.ReadAllLines(file).Select(l =>
            l.StartsWith("TimeoutSeconds=", StringComparison.Ordinal) ? "TimeoutSeconds=120"
            : l.StartsWith("ServerAddress=", StringComparison.Ordinal) ? $"ServerAddress=https://127.0.0.1:{relay.Port}"
            : l));
        var node = new GatewayProcess(_http, Within);
        _nodes.Add(node);
        await node.StartAsync($"--Gateway:SettingsDirectory={settings.Path}", $"--Gateway:DataDirectory={data.Path}",
            $"--Gateway:FileLog:Directory={logs.Path}", "--Logging:LogLevel:Gateway.Payments.PaymentProcessor=Debug",
            "--Gateway:Journal:Provider=PostgreSql", $"--ConnectionStrings:Journal={database.ConnectionString}",
            $"--Gateway:NodeId={nodeId}", $"--Gateway:LeaseSeconds={LeaseSeconds}", "--Gateway:PollIntervalSeconds=0.5");
        return (node, relay, logs.Path);
    }

    private TempDirectory Own(TempDirectory directory)
    {
        _directories.Add(directory);
        return directory;
    }

    private static bool Logged(string directory, string text) =>
        Directory.GetFiles(directory).Any(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new StreamReader(stream).ReadToEnd().Contains(text, StringComparison.Ordinal);
        });

    private async Task<string?> OwnerAsync(string id) => (await RowAsync(id)).Owner;

    private sealed record Row(string Status, long Version, string? Owner, DateTimeOffset? CompletedAt, bool Unresolved);

    private async Task<Row> RowAsync(string id)
    {
        await using var db = NpgsqlDataSource.Create(database.ConnectionString);
        await using var command = db.CreateCommand("SELECT status, version, lease_owner, completed_at, unresolved FROM payments WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return new Row(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.GetBoolean(4));
    }
}
