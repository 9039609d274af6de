using static Gateway.Settings.SettingsKeys;

namespace Gateway.Settings;

/// <summary>What changed between two versions of the settings, for the log; secrets shown only as "***".</summary>
public static class SettingsAudit
{
    /// <summary>"Key: old → new" for every key whose value differs.</summary>
    public static IReadOnlyList<string> Changes(IReadOnlyDictionary<string, string?> before, IReadOnlyDictionary<string, string?> after)
    {
        var changes = new List<string>();
        foreach (var key in before.Keys.Union(after.Keys))
        {
            var old = before.GetValueOrDefault(key);
            var now = after.GetValueOrDefault(key);
            if (old == now)
            {
                continue;
            }
            changes.Add(IsSecret(key) ? $"{key}: *** → ***" : $"{key}: {Show(old)} → {Show(now)}");
        }
        return changes;
    }

    public static IReadOnlyList<string> Changes(SettingsSnapshot before, SettingsSnapshot after) =>
        Changes(Values(before), Values(after));

    public static IReadOnlyDictionary<string, string?> Values(WebMoneySettings? settings) => settings is null
        ? new Dictionary<string, string?>()
        : new Dictionary<string, string?>
        {
            [Mode] = settings.Mode,
            [AgentId] = settings.AgentId,
            [Wmid] = settings.Wmid,
            [PosNumber] = settings.PosNumber,
            [AgentKey] = settings.AgentKey,
            [CrsId] = settings.CrsId,
            [CertificatePassword] = settings.CertificatePassword,
            [TimeoutSeconds] = settings.TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [MaxStatusErrors] = settings.MaxStatusErrors.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [ServerAddress] = settings.ServerAddress,
            [ServiceAddress] = settings.ServiceAddress,
            [ServerCertificate] = settings.ServerCertificate,
        };

    private static Dictionary<string, string?> Values(SettingsSnapshot snapshot)
    {
        var values = new Dictionary<string, string?>(Values(snapshot.Settings));
        foreach (var system in Enum.GetValues<Storage.PaymentSystem>())
        {
            values["PaymentType." + system] = snapshot.PaymentTypes.CodeOf(system)?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return values;
    }

    private static string Show(string? value) => value is null ? "(none)" : $"\"{value}\"";
}
