using System.Globalization;

namespace Tests.Support;

/// <summary>
/// Several built gateway processes (<see cref="GatewayProcess"/>) sharing one PostgreSQL database, the store server of
/// SPEC §14, against the in-process emulator. Node <c>i</c> is named <c>node-A</c>, <c>node-B</c>, … (Gateway:NodeId),
/// has its own data directory, and can be killed (SIGKILL), paused (SIGSTOP), resumed and started again with the same
/// name and settings. <see cref="Client"/> is an HttpClient whose BaseAddress is that node, for the helpers of
/// <see cref="GatewayApi"/>. Everything is killed and deleted on dispose.
/// </summary>
public sealed class GatewayNodes : IDisposable
{
    private readonly EmulatorFixture _emulator;
    private readonly string _connectionString;
    private readonly string[] _settings;
    private readonly List<GatewayProcess> _nodes = [];
    private readonly List<HttpClient> _clients = [];
    private readonly List<TempDirectory> _data = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <param name="settings">Extra command-line settings for every node (e.g. <c>--Gateway:LeaseSeconds=3</c>).</param>
    public GatewayNodes(EmulatorFixture emulator, string connectionString, params string[] settings)
    {
        _emulator = emulator;
        _connectionString = connectionString;
        _settings = settings;
    }

    /// <summary>Gateway:PollIntervalSeconds of every node unless a setting says otherwise.</summary>
    public double PollSeconds { get; init; } = 0.2;

    /// <summary>Gateway:LeaseSeconds of every node unless a setting says otherwise.</summary>
    public double LeaseSeconds { get; init; } = 3;

    /// <summary>How long a start may take until /health/ready answers 200 (a loaded 2-core machine is slow).</summary>
    public TimeSpan ReadyWithin { get; init; } = TimeSpan.FromSeconds(60);

    public GatewayProcess this[int node] => _nodes[node];

    public int Count => _nodes.Count;

    /// <summary>Gateway:NodeId of node <paramref name="node"/>.</summary>
    public static string NodeId(int node) => $"node-{(char)('A' + node)}";

    /// <summary>An HttpClient on node <paramref name="node"/>'s current address (a restart takes a new port: ask again).</summary>
    public HttpClient Client(int node)
    {
        var client = new HttpClient { BaseAddress = _nodes[node].BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        _clients.Add(client);
        return client;
    }

    /// <summary>Starts <paramref name="count"/> nodes, one after another (each waits for its readiness).</summary>
    public async Task StartAsync(int count)
    {
        for (var node = 0; node < count; node++)
        {
            _nodes.Add(new GatewayProcess(_http, ReadyWithin));
            _data.Add(new TempDirectory($"node-{NodeId(node)}"));
            await RestartAsync(node);
        }
    }

    /// <summary>
    /// Starts <paramref name="count"/> nodes at the same time (as a store server's services come up after a reboot) and
    /// waits for all of them: quicker than <see cref="StartAsync"/> on a loaded machine.
    /// </summary>
    public async Task StartTogetherAsync(int count)
    {
        var first = _nodes.Count;
        for (var node = first; node < first + count; node++)
        {
            _nodes.Add(new GatewayProcess(_http, ReadyWithin));
            _data.Add(new TempDirectory($"node-{NodeId(node)}"));
        }
        await Task.WhenAll(Enumerable.Range(first, count).Select(RestartAsync));
    }

    /// <summary>Starts node <paramref name="node"/> again (after <see cref="Kill"/>) with its name, data and settings.</summary>
    public Task RestartAsync(int node) => _nodes[node].StartAsync(SettingsOf(node));

    /// <summary>Node <paramref name="node"/>'s data directory (its logs are under <c>logs/</c>).</summary>
    public string DataDirectory(int node) => _data[node].Path;

    /// <summary>
    /// The last <paramref name="lines"/> lines of node <paramref name="node"/>'s log files (every start of it), for a
    /// failing test's output; empty when it wrote none.
    /// </summary>
    public string LogTail(int node, int lines = 60)
    {
        var logs = Path.Combine(_data[node].Path, "logs");
        if (!Directory.Exists(logs))
        {
            return "";
        }
        var all = Directory.GetFiles(logs).Order(StringComparer.Ordinal).SelectMany(ReadShared).ToList();
        return string.Join(Environment.NewLine, all.Skip(Math.Max(0, all.Count - lines)));
    }

    private static IEnumerable<string> ReadShared(string file)
    {
        // The node may still be writing it.
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>SIGKILL: no shutdown code runs, its leases stay in the database until they expire.</summary>
    public void Kill(int node) => _nodes[node].Kill();

    /// <summary>SIGTERM: node <paramref name="node"/> stops gracefully and is waited for.</summary>
    public Task StopAsync(int node) => _nodes[node].StopAsync();

    /// <summary>SIGSTOP: the process stands still (stops renewing its leases) until <see cref="Resume"/>.</summary>
    public void Pause(int node) => _nodes[node].Pause();

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume(int node) => _nodes[node].Resume();

    private string[] SettingsOf(int node) =>
    [
        $"--Gateway:SettingsDirectory={_emulator.BundleDirectory}",
        $"--Gateway:DataDirectory={_data[node].Path}",
        "--Gateway:Journal:Provider=PostgreSql",
        $"--ConnectionStrings:Journal={_connectionString}",
        $"--Gateway:NodeId={NodeId(node)}",
        $"--Gateway:LeaseSeconds={LeaseSeconds.ToString(CultureInfo.InvariantCulture)}",
        $"--Gateway:PollIntervalSeconds={PollSeconds.ToString(CultureInfo.InvariantCulture)}",
        .. _settings,
    ];

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        foreach (var data in _data)
        {
            data.Dispose();
        }
        _http.Dispose();
    }
}
