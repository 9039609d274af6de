using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using WebMoneyContract;

namespace WebMoneyEmulator.Bundle;

/// <summary>Writes a fresh bundle, reads one back, and points its ServerAddress at the actual SOAP url.</summary>
internal static partial class BundleFiles
{
    public const string DefaultAgentId = "1234";
    public const string DefaultPosNumber = "N100";

    private static readonly IReadOnlyDictionary<string, int> DefaultPaymentTypes = new Dictionary<string, int>
    {
        [WirePaymentSystem.Sbp] = 5,
        [WirePaymentSystem.WebMoney] = 6,
        [WirePaymentSystem.WeChat] = 7,
        [WirePaymentSystem.Alipay] = 8,
    };

    /// <summary>Writes a new bundle; with <paramref name="terminals"/>, a folder of its own for each till (SPEC §15).</summary>
    public static EmulatorBundle Create(string directory, string serverAddress, IReadOnlyList<string>? terminals = null)
    {
        System.IO.Directory.CreateDirectory(directory);
        var agentKey = RandomSecret(24);
        var password = RandomSecret(12);

        var settings = $"""
            # Настройки модуля WebMoney: комплект, выпущенный эмулятором WebMoney (LocalPayGateway).
            # Режим работы: оплата по QR чеку
            Mode=QrReceipt
            AgentId={DefaultAgentId}
            Wmid=0
            PosNumber={DefaultPosNumber}
            AgentKey={agentKey}
            CrsId=0
            CertificatePassword={password}
            TimeoutSeconds=180
            MaxStatusErrors=3
            ServerAddress={serverAddress}
            ServiceAddress={PosApi.DefaultServiceAddress}
            # Сертификат сервера эмулятора (закреплён: другой сервер не будет принят)
            ServerCertificate={EmulatorBundle.ServerCertificateFileName}

            """;
        var types = string.Concat(DefaultPaymentTypes.Select(p => $"{p.Key}={p.Value}\n"));

        var (serverPfx, serverCer) = BundleCertificates.CreateServer();
        File.WriteAllBytes(Path.Combine(directory, EmulatorBundle.ServerKeyFileName), serverPfx);
        File.WriteAllBytes(Path.Combine(directory, EmulatorBundle.ServerCertificateFileName), serverCer);
        File.WriteAllBytes(Path.Combine(directory, DefaultPosNumber + ".pfx"), BundleCertificates.CreateClientPfx(DefaultPosNumber, password));
        File.WriteAllText(Path.Combine(directory, EmulatorBundle.PaymentTypesFileName), types, new UTF8Encoding(false));
        BundleTerminals.Write(directory, terminals ?? []);
        // The settings file last: its presence is what marks the directory as holding a bundle.
        WriteAtomically(Path.Combine(directory, EmulatorBundle.SettingsFileName), settings.ReplaceLineEndings("\n"));
        return Load(directory);
    }

    public static EmulatorBundle Load(string directory)
    {
        var settingsPath = Path.Combine(directory, EmulatorBundle.SettingsFileName);
        var values = ReadKeyValues(settingsPath);
        string Required(string key) => values.TryGetValue(key, out var v) && v.Length > 0
            ? v
            : throw new InvalidDataException($"{settingsPath}: the line '{key}=…' is missing or empty.");
        string Optional(string key, string fallback) => values.TryGetValue(key, out var v) && v.Length > 0 ? v : fallback;

        var posNumber = Required("PosNumber");
        var serverCertificate = Optional("ServerCertificate", EmulatorBundle.ServerCertificateFileName);
        var bundle = new EmulatorBundle(
            directory,
            Required("AgentId"),
            posNumber,
            Optional("Wmid", "0"),
            Optional("CrsId", "0"),
            Required("AgentKey"),
            Optional("CertificatePassword", ""),
            Required("ServerAddress").TrimEnd('/'),
            Optional("ServiceAddress", PosApi.DefaultServiceAddress),
            Path.Combine(directory, posNumber + ".pfx"),
            Path.Combine(directory, serverCertificate),
            ReadPaymentTypes(Path.Combine(directory, EmulatorBundle.PaymentTypesFileName)))
        {
            Terminals = BundleTerminals.Load(directory),
        };

        foreach (var path in new[] { bundle.ClientCertificatePath, bundle.ServerCertificatePath, bundle.ServerKeyPath })
        {
            if (!File.Exists(path))
            {
                throw new InvalidDataException(
                    $"{directory}: '{Path.GetFileName(path)}' is missing, so this is not a complete emulator bundle. Delete '{EmulatorBundle.SettingsFileName}' to have a new bundle written.");
            }
        }

        return bundle;
    }

    /// <summary>Rewrites only the value of the ServerAddress line; comments, order and line endings stay.</summary>
    public static EmulatorBundle WithServerAddress(EmulatorBundle bundle, string serverAddress)
    {
        if (string.Equals(bundle.ServerAddress, serverAddress, StringComparison.OrdinalIgnoreCase))
        {
            return bundle;
        }

        var text = File.ReadAllText(bundle.SettingsFilePath);
        var replaced = ServerAddressLine().Replace(text, m => m.Groups["head"].Value + serverAddress, 1);
        WriteAtomically(bundle.SettingsFilePath, replaced);
        return bundle with { ServerAddress = serverAddress };
    }

    private static Dictionary<string, string> ReadKeyValues(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var number = 0;
        foreach (var raw in File.ReadAllLines(path))
        {
            number++;
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new InvalidDataException($"{path}, line {number}: expected 'Key=Value'.");
            }

            values[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }

        return values;
    }

    private static Dictionary<string, int> ReadPaymentTypes(string path)
    {
        var codes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return codes;
        }

        foreach (var (key, value) in ReadKeyValues(path))
        {
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code > 0)
            {
                codes[key] = code;
            }
        }

        return codes;
    }

    private static void WriteAtomically(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    private static string RandomSecret(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes));

    [GeneratedRegex(@"^(?<head>[ \t\uFEFF]*ServerAddress[ \t]*=[ \t]*)[^\r\n]*", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex ServerAddressLine();
}
