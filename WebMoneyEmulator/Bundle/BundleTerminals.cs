using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace WebMoneyEmulator.Bundle;

/// <summary>
/// Writes and reads the tills' identities of a bundle (<c>--terminals ID,ID,…</c>, SPEC §5, §15): one folder per
/// till under <c>terminals/</c>, PosNumbers <c>N101</c>, <c>N102</c>, … in the order given.
/// </summary>
internal static partial class BundleTerminals
{
    public const int FirstPosNumber = 101;

    /// <summary>The gateway's terminal-id pattern (SPEC §3): a folder name that is safe everywhere.</summary>
    public static bool IsValidId(string terminalId) => TerminalIdPattern().IsMatch(terminalId);

    /// <summary>Writes the folder of each till that has none yet (an existing one is kept as it is).</summary>
    public static void Write(string bundleDirectory, IReadOnlyList<string> terminalIds)
    {
        for (var i = 0; i < terminalIds.Count; i++)
        {
            var id = terminalIds[i];
            if (!IsValidId(id))
            {
                throw new ArgumentException($"'{id}' is not a terminal id (letters, digits, '-', '_', at most 32).", nameof(terminalIds));
            }

            var folder = Path.Combine(bundleDirectory, BundleTerminal.FolderName, id);
            if (File.Exists(Path.Combine(folder, EmulatorBundle.SettingsFileName)))
            {
                continue;
            }

            System.IO.Directory.CreateDirectory(folder);
            var posNumber = "N" + (FirstPosNumber + i);
            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
            File.WriteAllBytes(Path.Combine(folder, posNumber + ".pfx"), BundleCertificates.CreateClientPfx(posNumber, password));
            var settings = $"""
                # Касса {id}: свой номер POS и сертификат; остальные параметры — из WebMoneySettings.txt магазина.
                PosNumber={posNumber}
                CertificatePassword={password}

                """;
            File.WriteAllText(Path.Combine(folder, EmulatorBundle.SettingsFileName), settings.ReplaceLineEndings("\n"), new UTF8Encoding(false));
        }
    }

    /// <summary>
    /// The tills found under <c>terminals/</c>: each folder whose settings file names a PosNumber with its certificate
    /// beside it. Anything else (a folder being edited, a hand-made till without a certificate) is skipped: the
    /// emulator simply does not know that identity.
    /// </summary>
    public static IReadOnlyList<BundleTerminal> Load(string bundleDirectory)
    {
        var root = Path.Combine(bundleDirectory, BundleTerminal.FolderName);
        if (!System.IO.Directory.Exists(root))
        {
            return [];
        }

        var terminals = new List<BundleTerminal>();
        foreach (var folder in System.IO.Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var values = ReadValues(Path.Combine(folder, EmulatorBundle.SettingsFileName));
            if (values.TryGetValue("PosNumber", out var posNumber) && posNumber.Length > 0)
            {
                var terminal = new BundleTerminal(Path.GetFileName(folder), posNumber, values.GetValueOrDefault("CertificatePassword", ""), folder);
                if (File.Exists(terminal.ClientCertificatePath))
                {
                    terminals.Add(terminal);
                }
            }
        }

        return terminals;
    }

    private static Dictionary<string, string> ReadValues(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return values;
        }

        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim().TrimStart('\uFEFF');
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || eq <= 0)
            {
                continue;
            }

            values[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }

        return values;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex TerminalIdPattern();
}
