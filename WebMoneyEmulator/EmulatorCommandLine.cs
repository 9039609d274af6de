using System.Runtime.InteropServices;
using WebMoneyEmulator.Bundle;

namespace WebMoneyEmulator;

/// <summary>
/// <c>WebMoneyEmulator --bundle DIR [--soap-url https://127.0.0.1:7443] [--control-url http://127.0.0.1:7080]</c>:
/// writes the bundle into DIR when it holds none, serves until Ctrl+C / SIGTERM.
/// <c>WebMoneyEmulator --init DIR [--soap-url …]</c> (SPEC §5) only writes the bundle and exits.
/// <c>--terminals ID,ID,…</c> beside either also writes <c>terminals/&lt;ID&gt;/</c> for each till (SPEC §15).
/// </summary>
public static class EmulatorCommandLine
{
    public const string DefaultSoapUrl = "https://127.0.0.1:7443";
    public const string DefaultControlUrl = "http://127.0.0.1:7080";

    private const string Usage = """
        Usage: WebMoneyEmulator --bundle DIR [--terminals ID,ID,…] [--soap-url https://127.0.0.1:7443] [--control-url http://127.0.0.1:7080]
               WebMoneyEmulator --init DIR [--terminals ID,ID,…] [--soap-url https://127.0.0.1:7443]
          --bundle DIR       settings bundle to serve with; written first when DIR holds none
          --init DIR         only write the bundle into DIR, then exit
          --terminals IDS    tills with a POS identity of their own: DIR/terminals/<ID>/ for each (its
                             WebMoneySettings.txt and <PosNumber>.pfx), PosNumbers N101, N102, … in this order
          --soap-url URL     SOAP listener (HTTPS, client certificate required); port 0 picks a free port
          --control-url URL  control API and demo page (HTTP, loopback); port 0 picks a free port
        """;

    /// <summary>What the command line asks for.</summary>
    /// <param name="InitOnly">True for <c>--init</c>: write the bundle and exit.</param>
    /// <param name="Terminals">The tills of <c>--terminals</c>, in the order given (null: none).</param>
    public sealed record Arguments(string BundleDirectory, string SoapUrl, string ControlUrl, bool InitOnly, IReadOnlyList<string>? Terminals = null);

    /// <summary>Parses the arguments; on failure returns null with the reason in <paramref name="error"/>.</summary>
    public static Arguments? Parse(IReadOnlyList<string> args, out string? error)
    {
        string? bundle = null, soap = null, control = null;
        List<string>? terminals = null;
        var initOnly = false;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help" or "/?")
            {
                error = "";
                return null;
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error = $"'{name}' needs a value.";
                return null;
            }

            var value = args[++i];
            switch (name)
            {
                case "--bundle": bundle = value; break;
                case "--init": bundle = value; initOnly = true; break;
                case "--soap-url": soap = value; break;
                case "--control-url": control = value; break;
                case "--terminals":
                    terminals = [.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
                    if (terminals.Count == 0 || terminals.Any(t => !BundleTerminals.IsValidId(t))
                        || terminals.Distinct(StringComparer.Ordinal).Count() != terminals.Count)
                    {
                        error = $"'--terminals {value}': give distinct terminal ids separated by commas (letters, digits, '-', '_', at most 32 each), e.g. --terminals 1,2.";
                        return null;
                    }

                    break;
                default:
                    error = $"Unknown option '{name}'.";
                    return null;
            }
        }

        if (bundle is null)
        {
            error = "--bundle DIR is required.";
            return null;
        }

        return new Arguments(bundle, soap ?? DefaultSoapUrl, control ?? DefaultControlUrl, initOnly, terminals);
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        var parsed = Parse(args, out var error);
        if (parsed is null)
        {
            if (!string.IsNullOrEmpty(error))
            {
                await errors.WriteLineAsync(error);
            }

            await errors.WriteLineAsync(Usage);
            return error == "" ? 0 : 2;
        }

        if (parsed.InitOnly)
        {
            var directory = Path.GetFullPath(parsed.BundleDirectory);
            if (EmulatorBundle.Exists(directory))
            {
                BundleTerminals.Write(directory, parsed.Terminals ?? []);
            }

            var written = EmulatorBundle.Exists(directory)
                ? EmulatorBundle.Load(directory)
                : BundleFiles.Create(directory, new Uri(parsed.SoapUrl).GetLeftPart(UriPartial.Authority), parsed.Terminals);
            await output.WriteLineAsync($"Bundle: {written.Directory}");
            return 0;
        }

        using var loggerFactory = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddFilter("Microsoft", LogLevel.Warning));
        await using var host = await EmulatorHost.StartAsync(new EmulatorHostOptions
        {
            BundleDirectory = parsed.BundleDirectory,
            SoapUrl = parsed.SoapUrl,
            ControlUrl = parsed.ControlUrl,
            Terminals = parsed.Terminals ?? [],
            LoggerFactory = loggerFactory,
        });

        await output.WriteLineAsync($"Bundle:   {host.Bundle.Directory}");
        await output.WriteLineAsync($"SOAP:     {host.Endpoint}");
        await output.WriteLineAsync($"Control:  {host.ControlUrl}");
        foreach (var terminal in host.Bundle.Terminals)
        {
            await output.WriteLineAsync($"Till {terminal.TerminalId}: PosNumber {terminal.PosNumber} ({terminal.Directory})");
        }

        await output.FlushAsync();

        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.TrySetResult();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.TrySetResult();
        });
        await stop.Task;
        return 0;
    }
}
