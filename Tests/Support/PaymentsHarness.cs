using System.Collections.Concurrent;
using Gateway;
using Gateway.Journal;
using Gateway.Operations;
using Gateway.Payments;
using Gateway.Storage;
using Gateway.WebMoney;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Tests.Support;

/// <summary>
/// The payments core on a real SQLite journal with fake time and a scripted WebMoney: tests drive the clock
/// with <see cref="AdvanceAsync"/>, which runs exactly the polls that fall due, so no test waits on the wall clock.
/// </summary>
public sealed class PaymentsHarness : IDisposable
{
    private readonly TempDirectory _directory;
    private readonly bool _ownsDirectory;

    /// <param name="clock">What the core reads time from, when it is not <paramref name="time"/> itself (e.g. a wall clock
    /// that jumps over the same monotonic time); <see cref="Time"/> is still what the test advances.</param>
    /// <param name="webMoney">What the processor calls, when it is not <see cref="Client"/> itself (e.g. a wrapper around it).</param>
    /// <param name="settings">A settings snapshot to share between harnesses (making one makes an RSA key, the slow part);
    /// <paramref name="timeoutSeconds"/> and <paramref name="maxStatusErrors"/> then come from it.</param>
    public PaymentsHarness(int timeoutSeconds = 180, int maxStatusErrors = 3, TempDirectory? directory = null,
        FakeTimeProvider? time = null, ScriptedWebMoneyClient? client = null, IPaymentObserver? observer = null,
        TimeProvider? clock = null, IWebMoneyClientFactory? webMoney = null, FixedSettingsStore? settings = null)
    {
        _ownsDirectory = directory is null;
        _directory = directory ?? new TempDirectory("payments");
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        Clock = clock ?? Time;
        Client = client ?? new ScriptedWebMoneyClient();
        Settings = settings ?? new FixedSettingsStore(timeoutSeconds, maxStatusErrors);
        Journal = new PaymentJournal(_directory.File("payments.db"));
        var options = Options.Create(new GatewayOptions());
        Waiters = new Waiters<Payment>();
        Processor = new PaymentProcessor(Journal, webMoney ?? Client, Settings, Clock, observer is null ? [new PaymentLongPolls(Waiters), Recorder] : [new PaymentLongPolls(Waiters), Recorder, observer], options,
            new FakeLogger<PaymentProcessor>(Logs));
        Service = new PaymentService(Journal, Processor, Waiters, Settings, Clock);
    }

    public FakeTimeProvider Time { get; }

    /// <summary>The time the core sees: <see cref="Time"/> unless the constructor was given another clock.</summary>
    public TimeProvider Clock { get; }
    public ScriptedWebMoneyClient Client { get; }
    public FixedSettingsStore Settings { get; }
    public PaymentJournal Journal { get; }
    public Waiters<Payment> Waiters { get; }
    public PaymentProcessor Processor { get; }
    public PaymentService Service { get; }
    public FakeLogCollector Logs { get; } = new();
    public RecordingObserver Recorder { get; } = new();
    public TempDirectory Directory => _directory;

    public static ValidPaymentRequest Request(decimal amount = 1234.50m, string terminal = "1", int code = 5) =>
        new(amount, new PaymentTypeChoice.ByCode(code), terminal, "000123", null);

    /// <summary>Creates a payment; the create's own retries are driven on fake time too.</summary>
    public async Task<Payment> CreateAsync(ValidPaymentRequest? request = null, string? key = null)
    {
        var result = await RunWithTimeAsync(Service.CreateAsync(request ?? Request(), key, CancellationToken.None));
        return result switch
        {
            CreateResult.Created created => created.Payment,
            CreateResult.Replayed { Payment: { } replayed } => replayed,
            _ => throw new InvalidOperationException($"create gave {result}"),
        };
    }

    /// <summary>Moves fake time forward in small steps, running every poll that falls due on the way.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        var step = TimeSpan.FromMilliseconds(250);
        for (var moved = TimeSpan.Zero; moved < by; moved += step)
        {
            Time.Advance(step < by - moved ? step : by - moved);
            await RunDueAsync();
        }
    }

    /// <summary>
    /// Moves fake time in strides of <paramref name="step"/> and, after each, awaits every poll that fell due WITHOUT moving
    /// the clock meanwhile, so a history is the same on a slow machine as on a fast one. Only for payments whose creates
    /// are done: a create retry waits on fake time and would never finish here.
    /// </summary>
    public async Task StepAsync(TimeSpan by, TimeSpan step)
    {
        for (var moved = TimeSpan.Zero; moved < by; moved += step)
        {
            Time.Advance(step < by - moved ? step : by - moved);
            while (Processor.Scheduler.TakeDue(Processor.Elapsed) is { Due.Count: > 0 } taken)
            {
                foreach (var id in taken.Due)
                {
                    await Processor.RunDueAsync(id, CancellationToken.None);
                }
            }
        }
    }

    public async Task RunDueAsync()
    {
        while (true)
        {
            var (due, _, _) = Processor.Scheduler.TakeDue(Processor.Elapsed);
            if (due.Count == 0)
            {
                return;
            }
            foreach (var id in due)
            {
                await RunWithTimeAsync(Processor.RunDueAsync(id, CancellationToken.None));
            }
        }
    }

    public async Task<Payment> GetAsync(string id) => (await Service.GetAsync(id, CancellationToken.None))!;

    public async Task<JournalEntry> EntryAsync(string id) => (await Journal.GetAsync(id, CancellationToken.None))!;

    /// <summary>Awaits a task that may itself wait on fake time (create retries), nudging the clock until it completes.</summary>
    public async Task<T> RunWithTimeAsync<T>(Task<T> task)
    {
        await RunWithTimeAsync((Task)task);
        return await task;
    }

    public async Task RunWithTimeAsync(Task task)
    {
        for (var i = 0; i < 10_000 && !task.IsCompleted; i++)
        {
            await Task.WhenAny(task, Task.Delay(1));
            if (!task.IsCompleted)
            {
                Time.Advance(TimeSpan.FromMilliseconds(100));
            }
        }
        await task;
    }

    public void Dispose()
    {
        Journal.Dispose();
        if (_ownsDirectory)
        {
            _directory.Dispose();
        }
    }
}

/// <summary>Records every announced payment state, in order.</summary>
public sealed class RecordingObserver : IPaymentObserver
{
    public ConcurrentQueue<Payment> Seen { get; } = new();

    public ValueTask OnPaymentChangedAsync(Payment payment, CancellationToken cancellationToken)
    {
        Seen.Enqueue(payment);
        return ValueTask.CompletedTask;
    }
}
