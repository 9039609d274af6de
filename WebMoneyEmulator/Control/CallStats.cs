using System.Collections.Concurrent;
using WebMoneyContract;

namespace WebMoneyEmulator.Control;

/// <summary>SOAP calls received per operation, faulted ones included.</summary>
internal sealed class CallStats
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal)
    {
        [PosApi.CreateQrPayment] = 0,
        [PosApi.GetPaymentStatus] = 0,
        [PosApi.CancelPayment] = 0,
        [PosApi.RefundPayment] = 0,
        [PosApi.GetRefundStatus] = 0,
        [PosApi.GetTransactions] = 0,
    };

    public void Count(string operation) => _counts.AddOrUpdate(operation, 1, (_, n) => n + 1);

    public IReadOnlyDictionary<string, int> Snapshot() => new SortedDictionary<string, int>(_counts, StringComparer.Ordinal);
}
