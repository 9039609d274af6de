using Gateway.Operations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Tests.Gateway.Operations;

/// <summary>
/// The executor payments and refunds share: the versioned commit (a conflict handled once: the stored row wins), what
/// the log says before anyone is told, and the announcement of visible changes only. The store is an in-memory seam
/// here; the real journals run under it in <c>PaymentProcessorTests</c> and <c>RefundProcessorTests</c>.
/// </summary>
public sealed class OperationEngineTests
{
    private sealed record Row(string Id, string Status, int Errors, long Version);

    private sealed class Store : IOperationStore<Row>
    {
        public Dictionary<string, Row> Rows { get; } = new();
        public int Writes { get; private set; }

        public string IdOf(Row state) => state.Id;
        public long VersionOf(Row state) => state.Version;
        public Row WithVersion(Row state, long version) => state with { Version = version };

        public Task<bool> TryUpdateAsync(Row next, long expectedVersion)
        {
            if (Rows[next.Id].Version != expectedVersion)
            {
                return Task.FromResult(false);
            }
            Writes++;
            Rows[next.Id] = next;
            return Task.FromResult(true);
        }

        public Task<Row?> ReloadAsync(string id) => Task.FromResult(Rows.GetValueOrDefault(id));

        public bool IsVisibleChange(Row before, Row after) => before.Status != after.Status;
    }

    private sealed class Told(List<string> said) : IOperationObserver<Row>
    {
        public ValueTask OnChangedAsync(Row? before, Row after, CancellationToken cancellationToken)
        {
            said.Add($"told {before?.Status}→{after.Status} v{after.Version}");
            return ValueTask.CompletedTask;
        }

        public ValueTask OnRequestedAsync(Row current, OperationRequest request, CancellationToken cancellationToken)
        {
            said.Add($"requested {request}");
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Throws : IOperationObserver<Row>
    {
        public ValueTask OnChangedAsync(Row? before, Row after, CancellationToken cancellationToken) => throw new InvalidOperationException("broken observer");
    }

    private readonly Store _store = new();
    private readonly List<string> _said = [];
    private readonly OperationEngine<Row> _engine;

    public OperationEngineTests()
    {
        _store.Rows["r1"] = new Row("r1", "pending", 0, 1);
        _engine = new OperationEngine<Row>(_store, [new Throws(), new Told(_said)], new FakeTimeProvider(), NullLogger.Instance,
            (before, after) => _said.Add($"logged {before.Status}→{after.Status}"));
    }

    [Fact]
    public async Task Commit_WritesTheNextVersion_LogsFirst_ThenTellsEveryObserver_EvenPastOneThatThrows()
    {
        var next = await _engine.CommitAsync(_store.Rows["r1"], new Row("r1", "paid", 0, 1));

        Assert.Equal(2, next.Version);
        Assert.Equal(next, _store.Rows["r1"]);
        Assert.Equal(["logged pending→paid", "told pending→paid v2"], _said);
    }

    [Fact]
    public async Task Commit_NothingChanged_NoWrite_NoAnnouncement()
    {
        var current = _store.Rows["r1"];

        var next = await _engine.CommitAsync(current, current with { });

        Assert.Same(current, next);
        Assert.Equal(0, _store.Writes);
        Assert.Empty(_said);
    }

    [Fact]
    public async Task Commit_BookkeepingOnly_IsWritten_ButNotAnnounced()
    {
        var next = await _engine.CommitAsync(_store.Rows["r1"], new Row("r1", "pending", 1, 1));

        Assert.Equal(1, _store.Writes);
        Assert.Equal(1, next.Errors);
        Assert.Equal(["logged pending→pending"], _said);
    }

    [Fact]
    public async Task Commit_VersionConflict_TheStoredRowWins_NothingSaidOrTold()
    {
        var stale = _store.Rows["r1"];
        _store.Rows["r1"] = stale with { Status = "cancelled", Version = 2 };

        var (state, conflict) = await _engine.TryCommitAsync(stale, stale with { Status = "paid" });

        Assert.True(conflict);
        Assert.Equal("cancelled", state.Status);
        Assert.Equal("cancelled", _store.Rows["r1"].Status);
        Assert.Empty(_said);
    }

    [Fact]
    public async Task Commit_WithoutAnnouncement_IsWrittenAndLogged_NobodyTold()
    {
        await _engine.CommitAsync(_store.Rows["r1"], new Row("r1", "qr", 0, 1), announce: false);

        Assert.Equal("qr", _store.Rows["r1"].Status);
        Assert.Equal(["logged pending→qr"], _said);
    }

    [Fact]
    public async Task Request_IsToldToTheObservers()
    {
        await _engine.AnnounceRequestAsync(_store.Rows["r1"], OperationRequest.Cancel);

        Assert.Equal(["requested Cancel"], _said);
    }

    [Fact]
    public void LockOf_OneLockPerId_UntilForgotten()
    {
        var first = _engine.LockOf("r1");

        Assert.Same(first, _engine.LockOf("r1"));
        Assert.NotSame(first, _engine.LockOf("r2"));
        _engine.ScheduleAt("r1", TimeSpan.FromSeconds(5));
        _engine.Forget("r1");
        Assert.NotSame(first, _engine.LockOf("r1"));
        Assert.Equal(0, _engine.Scheduler.Count);
    }
}
