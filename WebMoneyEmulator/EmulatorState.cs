using WebMoneyEmulator.Bundle;
using WebMoneyEmulator.Control;
using WebMoneyEmulator.Refunds;
using WebMoneyEmulator.Transactions;

namespace WebMoneyEmulator;

/// <summary>The state the SOAP side and the control side share.</summary>
internal sealed class EmulatorState(EmulatorBundle bundle, TimeProvider time, TimeSpan qrLifetime)
{
    public EmulatorBundle Bundle { get; set; } = bundle;

    public TimeProvider Time { get; } = time;

    public TransactionBook Book { get; } = new(time, qrLifetime);

    public FaultQueue Faults { get; } = new();

    public CallStats Stats { get; } = new();

    private RefundBook? _refunds;

    /// <summary>Refunds of the book's transactions (created on first use: it needs the book).</summary>
    public RefundBook Refunds => LazyInitializer.EnsureInitialized(ref _refunds, () => new RefundBook(Book, Time));
}
