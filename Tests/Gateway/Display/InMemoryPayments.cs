using Gateway.Payments;
using Gateway.Storage;

namespace Tests.Gateway.Display;

/// <summary>The journal's query side as the display reads it, held in memory: tests set payments directly.</summary>
public sealed class InMemoryPayments : IPaymentQueries
{
    private readonly Dictionary<string, Payment> _byId = [];

    public void Set(Payment payment)
    {
        lock (_byId)
        {
            _byId[payment.Id] = payment;
        }
    }

    public Task<Payment?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_byId)
        {
            return Task.FromResult(_byId.GetValueOrDefault(id));
        }
    }

    public Task<Payment?> GetLatestForTerminalAsync(string terminalId, CancellationToken cancellationToken)
    {
        lock (_byId)
        {
            var mine = _byId.Values.Where(p => p.TerminalId == terminalId).ToList();
            return Task.FromResult(mine.FirstOrDefault(p => !p.IsFinal) ?? mine.MaxBy(p => p.CreatedAt));
        }
    }
}
