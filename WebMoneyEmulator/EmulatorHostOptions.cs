namespace WebMoneyEmulator;

/// <summary>How to start an <see cref="EmulatorHost"/>.</summary>
public sealed class EmulatorHostOptions
{
    /// <summary>
    /// Required. The settings bundle directory: written on first start when it holds no
    /// <c>WebMoneySettings.txt</c>, read back (and reused) otherwise.
    /// </summary>
    public required string BundleDirectory { get; init; }

    /// <summary>
    /// Tills with a POS identity of their own (<c>--terminals</c>, SPEC §15): each gets <c>terminals/&lt;ID&gt;/</c> in the
    /// bundle (PosNumbers N101, N102, … in this order) unless it has one already. Default: none.
    /// </summary>
    public IReadOnlyList<string> Terminals { get; init; } = [];

    /// <summary>The SOAP listener (HTTPS, client certificate required). Port 0 picks a free port. Default <c>https://127.0.0.1:0</c>.</summary>
    public string SoapUrl { get; init; } = "https://127.0.0.1:0";

    /// <summary>The control listener (plain HTTP, keep it on loopback). Port 0 picks a free port. Default <c>http://127.0.0.1:0</c>.</summary>
    public string ControlUrl { get; init; } = "http://127.0.0.1:0";

    /// <summary>
    /// The emulator's clock: signature time checks (±5 min), transaction times, QR expiry and auto-pay.
    /// Tests pass a FakeTimeProvider. Default <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How long a QR stays payable before its status turns Expired. Default 10 minutes.</summary>
    public TimeSpan QrLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Optional: where the emulator's logs go (added to its logging). Default: none.</summary>
    public ILoggerProvider? LoggerProvider { get; init; }

    /// <summary>Optional: the logger factory the emulator uses instead of its own (e.g. the gateway's). Default: none.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
