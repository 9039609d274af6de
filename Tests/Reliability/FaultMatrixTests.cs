using System.Threading.Channels;
using Tests.Support;

namespace Tests.Reliability;

/// <summary>
/// P1 "no paid payment is ever reported as failed without a final check": the fault matrix. Every emulator
/// fault kind × the operation it hits × the moment it strikes, through the whole gateway against the real
/// emulator; the expected outcome per cell (same table in docs/reliability.md). Columns: moment, fault kind,
/// faults in a row, customer pays, HTTP answer to the create, final status, error code, latePaid later, the
/// transaction's final status at WebMoney ("none": no transaction was ever created).
/// </summary>
/// <remarks>
/// Cells run concurrently (see <see cref="FaultMatrixRun"/>): faults queue per emulator, so each running cell
/// has an emulator of its own from a small pool; the theory rows only await their cell's result.
/// </remarks>
public sealed class FaultMatrixTests(FaultMatrixRun run) : IClassFixture<FaultMatrixRun>
{
    public static readonly TheoryData<string, string, int, bool, int, string, string?, bool, string> Cells = new()
    {
        { "create", "http500", 1, true, 201, "paid", null, false, "Paid" },
        { "create", "drop", 1, true, 201, "paid", null, false, "Paid" },
        { "create", "soapFault", 1, true, 201, "paid", null, false, "Paid" },
        { "create", "garbage", 1, true, 201, "paid", null, false, "Paid" },
        { "create", "temporary", 1, true, 201, "paid", null, false, "Paid" },
        { "create", "hang", 1, false, 502, "failed", "webmoney_unavailable", false, "none" },
        { "create", "http500", 4, false, 502, "failed", "webmoney_unavailable", false, "none" },
        { "create", "drop", 4, false, 502, "failed", "webmoney_unavailable", false, "none" },
        { "create", "soapFault", 4, false, 502, "failed", "webmoney_unavailable", false, "none" },
        { "create", "garbage", 4, false, 502, "failed", "webmoney_unavailable", false, "none" },
        { "create", "temporary", 4, false, 502, "failed", "webmoney_unavailable", false, "none" },
        { "polling", "http500", 1, true, 201, "paid", null, false, "Paid" },
        { "polling", "drop", 1, true, 201, "paid", null, false, "Paid" },
        { "polling", "soapFault", 1, true, 201, "paid", null, false, "Paid" },
        { "polling", "garbage", 1, true, 201, "paid", null, false, "Paid" },
        { "polling", "temporary", 1, true, 201, "paid", null, false, "Paid" },
        { "polling", "hang", 1, false, 201, "timedOut", "timeout", false, "Cancelled" },
        { "polling", "hang", 1, true, 201, "paid", null, false, "Paid" },
        { "polling", "http500", 4, true, 201, "failed", "technical_errors", true, "Paid" },
        { "polling", "drop", 4, true, 201, "failed", "technical_errors", true, "Paid" },
        { "polling", "soapFault", 4, true, 201, "failed", "technical_errors", true, "Paid" },
        { "polling", "garbage", 4, true, 201, "failed", "technical_errors", true, "Paid" },
        { "polling", "temporary", 4, true, 201, "failed", "technical_errors", true, "Paid" },
        { "polling", "http500", 4, false, 201, "failed", "technical_errors", false, "Cancelled" },
        { "polling", "temporary", 4, false, 201, "failed", "technical_errors", false, "Cancelled" },
        { "cancel", "http500", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled" },
        { "cancel", "drop", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled" },
        { "cancel", "soapFault", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled" },
        { "cancel", "garbage", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled" },
        { "cancel", "temporary", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled" },
        { "cancel", "hang", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled" },
        { "cancel", "http500", 1, true, 201, "paid", null, false, "Paid" },
        { "cancel", "drop", 1, true, 201, "paid", null, false, "Paid" },
        { "cancel", "soapFault", 1, true, 201, "paid", null, false, "Paid" },
        { "cancel", "garbage", 1, true, 201, "paid", null, false, "Paid" },
        { "cancel", "temporary", 1, true, 201, "paid", null, false, "Paid" },
        { "cancel", "hang", 1, true, 201, "paid", null, false, "Paid" },
        { "finalCheck", "http500", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled" },
        { "finalCheck", "drop", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled" },
        { "finalCheck", "soapFault", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled" },
        { "finalCheck", "garbage", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled" },
        { "finalCheck", "temporary", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled" },
        { "finalCheck", "hang", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled" },
        { "finalCheck", "http500", 1, true, 201, "paid", null, false, "Paid" },
        { "finalCheck", "drop", 1, true, 201, "paid", null, false, "Paid" },
        { "finalCheck", "soapFault", 1, true, 201, "paid", null, false, "Paid" },
        { "finalCheck", "garbage", 1, true, 201, "paid", null, false, "Paid" },
        { "finalCheck", "temporary", 1, true, 201, "paid", null, false, "Paid" },
        { "finalCheck", "hang", 1, true, 201, "paid", null, false, "Paid" },
    };

    [Theory]
    [MemberData(nameof(Cells))]
    public Task Fault_AtMoment_GivesTheTabledOutcome(string moment, string kind, int faults, bool pays, int http, string status,
        string? code, bool latePaid, string webMoney) =>
        run.ResultOf(FaultMatrixRun.Key(moment, kind, faults, pays, http, status, code, latePaid, webMoney));
}

/// <summary>Starts every cell of <see cref="FaultMatrixTests.Cells"/> at once over a pool of emulators, longest (hangs) first.</summary>
public sealed class FaultMatrixRun : IAsyncLifetime
{
    private const int Lanes = 6;
    private readonly List<EmulatorFixture> _emulators = [];
    private readonly Dictionary<string, Task> _results = [];
    private readonly Channel<EmulatorFixture> _pool = Channel.CreateUnbounded<EmulatorFixture>();

    public static string Key(params object?[] row) => string.Join("/", row);

    public Task ResultOf(string key) => _results[key];

    public async Task InitializeAsync()
    {
        for (var i = 0; i < Lanes; i++)
        {
            _emulators.Add(new EmulatorFixture());
        }
        await Task.WhenAll(_emulators.Select(e => e.InitializeAsync()));
        foreach (var emulator in _emulators)
        {
            _pool.Writer.TryWrite(emulator);
        }
        var cells = FaultMatrixTests.Cells.Select(row => row).OrderByDescending(row => (string)row[1] == "hang");
        foreach (var row in cells)
        {
            _results[Key(row)] = RunAsync(row);
        }
    }

    private async Task RunAsync(object?[] row)
    {
        var emulator = await _pool.Reader.ReadAsync();
        try
        {
            await FaultCells.RunAsync(emulator, (string)row[0]!, (string)row[1]!, (int)row[2]!, (bool)row[3]!, (int)row[4]!,
                (string)row[5]!, (string?)row[6], (bool)row[7]!, (string)row[8]!);
        }
        finally
        {
            _pool.Writer.TryWrite(emulator);
        }
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_results.Values).ContinueWith(_ => { }, TaskScheduler.Default);
        foreach (var emulator in _emulators)
        {
            await emulator.DisposeAsync();
        }
    }
}
