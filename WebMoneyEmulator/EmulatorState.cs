using WebMoneyEmulator.Bundle;
using WebMoneyEmulator.Control;
using WebMoneyEmulator.Refunds;
using WebMoneyEmulator.Transactions;

namespace WebMoneyEmulator;

/// <summary>The state the SOAP side and the control side share.</summary>
internal sealed class EmulatorState
{
    private readonly EmulatorClock _clock;

    public EmulatorState(EmulatorBundle bundle, TimeProvider time, TimeSpan qrLifetime)
    {
        Bundle = bundle;
        _clock = new EmulatorClock(time);
        Book = new TransactionBook(_clock, qrLifetime);
    }

    public EmulatorBundle Bundle { get; set; }

    /// <summary>Client certificate thumbprint → the PosNumber it was issued to (the store's and each till's, SPEC §15).</summary>
    public IReadOnlyDictionary<string, string> Identities { get; init; } = new Dictionary<string, string>();

    /// <summary>The emulator's clock (the given one plus <see cref="ClockOffset"/>).</summary>
    public TimeProvider Time => _clock;

    /// <summary>How far the emulator's clock runs ahead of the given one (option clockOffsetSeconds).</summary>
    public TimeSpan ClockOffset
    {
        get => _clock.Offset;
        set => _clock.Offset = value;
    }

    public TransactionBook Book { get; }

    public FaultQueue Faults { get; } = new();

    public CallStats Stats { get; } = new();

    private RefundBook? _refunds;

    /// <summary>Refunds of the book's transactions (created on first use: it needs the book).</summary>
    public RefundBook Refunds => LazyInitializer.EnsureInitialized(ref _refunds, () => new RefundBook(Book, Time));
}
