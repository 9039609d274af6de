using System.Threading.Channels;
using Tests.Support;

namespace Tests.Reliability;

/// <summary>
/// P1 "no paid payment is ever reported as failed without a final check": the fault matrix. Every emulator
/// fault kind × the operation it hits × the moment it strikes, through the whole gateway against the real
/// emulator; the expected outcome per cell (same table in docs/reliability.md). Columns: moment, fault kind,
/// faults in a row, customer pays, HTTP answer to the create, final status, error code, latePaid later, the
/// transaction's final status at WebMoney ("none": no transaction was ever created), and the ending: "unresolved"
/// (no definite "not paid" when it ended) or "resolved", with what KassirClient reports once the background checks are done.
/// </summary>
/// <remarks>
/// Cells run concurrently (see <see cref="FaultMatrixRun"/>): faults queue per emulator, so each running cell
/// has an emulator of its own from a small pool; the theory rows only await their cell's result.
/// </remarks>
public sealed class FaultMatrixTests(FaultMatrixRun run) : IClassFixture<FaultMatrixRun>
{
    public static readonly TheoryData<string, string, int, bool, int, string, string?, bool, string, string> Cells = new()
    {
        { "create", "http500", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "create", "drop", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "create", "soapFault", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "create", "garbage", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "create", "temporary", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        // #23.3: a create that timed out, was cut or got an unreadable answer may have reached WebMoney: it is
        // followed up (re-sent with the same ExternalId, the transaction cancelled), unresolved until then.
        { "create", "hang", 1, false, 502, "failed", "webmoney_unavailable", false, "Cancelled", "unresolved Failed" },
        { "create", "http500", 4, false, 502, "failed", "webmoney_unavailable", false, "none", "resolved Failed" },
        { "create", "drop", 4, false, 502, "failed", "webmoney_unavailable", false, "Cancelled", "unresolved Failed" },
        { "create", "soapFault", 4, false, 502, "failed", "webmoney_unavailable", false, "none", "resolved Failed" },
        { "create", "garbage", 4, false, 502, "failed", "webmoney_unavailable", false, "Cancelled", "unresolved Failed" },
        { "create", "temporary", 4, false, 502, "failed", "webmoney_unavailable", false, "none", "resolved Failed" },
        { "polling", "http500", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "polling", "drop", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "polling", "soapFault", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "polling", "garbage", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "polling", "temporary", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "polling", "hang", 1, false, 201, "timedOut", "timeout", false, "Cancelled", "resolved TimedOut" },
        { "polling", "hang", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "polling", "http500", 4, true, 201, "failed", "technical_errors", true, "Paid", "unresolved Paid" },
        { "polling", "drop", 4, true, 201, "failed", "technical_errors", true, "Paid", "unresolved Paid" },
        { "polling", "soapFault", 4, true, 201, "failed", "technical_errors", true, "Paid", "unresolved Paid" },
        { "polling", "garbage", 4, true, 201, "failed", "technical_errors", true, "Paid", "unresolved Paid" },
        { "polling", "temporary", 4, true, 201, "failed", "technical_errors", true, "Paid", "unresolved Paid" },
        { "polling", "http500", 4, false, 201, "failed", "technical_errors", false, "Cancelled", "unresolved Unknown" },
        { "polling", "temporary", 4, false, 201, "failed", "technical_errors", false, "Cancelled", "unresolved Unknown" },
        { "cancel", "http500", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled", "unresolved Cancelled" },
        { "cancel", "drop", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled", "unresolved Cancelled" },
        { "cancel", "soapFault", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled", "unresolved Cancelled" },
        { "cancel", "garbage", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled", "unresolved Cancelled" },
        { "cancel", "temporary", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled", "unresolved Cancelled" },
        { "cancel", "hang", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled", "unresolved Cancelled" },
        { "cancel", "http500", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "cancel", "drop", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "cancel", "soapFault", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "cancel", "garbage", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "cancel", "temporary", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "cancel", "hang", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "finalCheck", "http500", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled", "resolved Cancelled" },
        { "finalCheck", "drop", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled", "resolved Cancelled" },
        { "finalCheck", "soapFault", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled", "resolved Cancelled" },
        { "finalCheck", "garbage", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled", "resolved Cancelled" },
        { "finalCheck", "temporary", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled", "resolved Cancelled" },
        { "finalCheck", "hang", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled", "resolved Cancelled" },
        { "finalCheck", "http500", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "finalCheck", "drop", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "finalCheck", "soapFault", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "finalCheck", "garbage", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "finalCheck", "temporary", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "finalCheck", "hang", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "create", "refusal", 1, false, 502, "failed", "webmoney_rejected", false, "none", "resolved Failed" },
        { "polling", "refusal", 1, false, 201, "declined", "declined", false, "Cancelled", "unresolved Declined" },
        { "cancel", "refusal", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled", "unresolved Cancelled" },
        { "finalCheck", "refusal", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled", "resolved Cancelled" },
        { "polling", "unknownStatus", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "polling", "unknownStatus", 4, true, 201, "failed", "technical_errors", true, "Paid", "unresolved Paid" },
        { "polling", "unknownStatus", 4, false, 201, "failed", "technical_errors", false, "Cancelled", "unresolved Unknown" },
        { "cancel", "unknownStatus", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled", "resolved Cancelled" },
        { "finalCheck", "unknownStatus", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled", "resolved Cancelled" },
        // dropAfter (#23): the operation IS carried out at WebMoney, its answer is lost.
        { "create", "dropAfter", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "create", "dropAfter", 4, false, 502, "failed", "webmoney_unavailable", false, "Cancelled", "unresolved Failed" },
        { "cancel", "dropAfter", 1, false, 201, "cancelled", "cancelled_by_cashier", false, "Cancelled", "resolved Cancelled" },
        { "cancel", "dropAfter", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
        { "refund", "dropAfter", 1, true, 201, "paid", null, false, "Paid", "resolved Paid" },
    };

    [Theory]
    [MemberData(nameof(Cells))]
    public Task Fault_AtMoment_GivesTheTabledOutcome(string moment, string kind, int faults, bool pays, int http, string status,
        string? code, bool latePaid, string webMoney, string ending) =>
        run.ResultOf(FaultMatrixRun.Key(moment, kind, faults, pays, http, status, code, latePaid, webMoney, ending));
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
                (string)row[5]!, (string?)row[6], (bool)row[7]!, (string)row[8]!, ((string)row[9]!).StartsWith("unresolved", StringComparison.Ordinal), ((string)row[9]!).Split(' ')[1]);
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
