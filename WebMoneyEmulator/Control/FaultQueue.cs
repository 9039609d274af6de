using WebMoneyContract;

namespace WebMoneyEmulator.Control;

/// <summary>How an injected fault breaks a SOAP call.</summary>
public enum FaultKind
{
    /// <summary>HTTP 500 with a plain-text body.</summary>
    Http500,
    /// <summary>No answer until the client gives up (or the emulator stops).</summary>
    Hang,
    /// <summary>The connection is aborted without an answer.</summary>
    Drop,
    /// <summary>The operation IS carried out, then the connection is closed without an answer (the answer is lost).</summary>
    DropAfter,
    /// <summary>A SOAP 1.1 fault (HTTP 500, text/xml).</summary>
    SoapFault,
    /// <summary>HTTP 200 whose body is not XML.</summary>
    Garbage,
    /// <summary>A well-formed answer with ResultCode 100 (temporary).</summary>
    Temporary,
    /// <summary>A well-formed refusal: ResultCode <see cref="FaultEntry.ResultCode"/> (1–99, default 30).</summary>
    Refusal,
    /// <summary>A well-formed status answer whose Status is not in the contract (<see cref="FaultEntry.Status"/>, default <c>Frozen</c>).</summary>
    UnknownStatus,
}

/// <summary>
/// One queued fault: the next <see cref="Remaining"/> calls of <see cref="Operation"/> (or <c>*</c>) fail as <see cref="Kind"/>.
/// <see cref="ResultCode"/> is set for <see cref="FaultKind.Refusal"/>, <see cref="Status"/> for <see cref="FaultKind.UnknownStatus"/>.
/// </summary>
public sealed record FaultEntry(string Operation, FaultKind Kind, int Remaining, int? ResultCode = null, string? Status = null)
{
    public const int DefaultRefusalCode = 30;
    public const string DefaultUnknownStatus = "Frozen";
}

/// <summary>Faults waiting to be applied, in the order they were posted.</summary>
internal sealed class FaultQueue
{
    public const string AnyOperation = "*";

    private static readonly string[] Operations = [PosApi.CreateQrPayment, PosApi.GetPaymentStatus, PosApi.CancelPayment,
        PosApi.RefundPayment, PosApi.GetRefundStatus, PosApi.GetTransactions, AnyOperation];

    private readonly Lock _lock = new();
    private readonly List<FaultEntry> _entries = [];

    public static bool TryParseOperation(string? text, out string operation)
    {
        operation = Operations.FirstOrDefault(o => string.Equals(o, text, StringComparison.OrdinalIgnoreCase)) ?? "";
        return operation.Length > 0;
    }

    public static bool TryParseKind(string? text, out FaultKind kind) =>
        Enum.TryParse(text, ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _);

    public void Add(string operation, FaultKind kind, int count, int? resultCode = null, string? status = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var entry = kind switch
        {
            FaultKind.Refusal => new FaultEntry(operation, kind, count, resultCode ?? FaultEntry.DefaultRefusalCode),
            FaultKind.UnknownStatus => new FaultEntry(operation, kind, count, Status: status ?? FaultEntry.DefaultUnknownStatus),
            _ => new FaultEntry(operation, kind, count),
        };
        lock (_lock)
        {
            _entries.Add(entry);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
        }
    }

    public IReadOnlyList<FaultEntry> Snapshot()
    {
        lock (_lock)
        {
            return _entries.ToList();
        }
    }

    /// <summary>Takes the fault for this call of <paramref name="operation"/>, if one is queued.</summary>
    public FaultEntry? TakeNext(string operation)
    {
        lock (_lock)
        {
            var index = _entries.FindIndex(e => e.Operation == AnyOperation || e.Operation == operation);
            if (index < 0)
            {
                return null;
            }

            var entry = _entries[index];
            if (entry.Remaining == 1)
            {
                _entries.RemoveAt(index);
            }
            else
            {
                _entries[index] = entry with { Remaining = entry.Remaining - 1 };
            }

            return entry;
        }
    }
}
