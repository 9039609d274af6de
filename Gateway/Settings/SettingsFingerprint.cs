namespace Gateway.Settings;

/// <summary>What <see cref="SettingsStore"/>'s poll compares: the settings files as the file system describes them.</summary>
internal static class SettingsFingerprint
{
    private static readonly string[] CertificateExtensions = [".pfx", ".p12", ".cer", ".crt", ".pem", ".der"];

    /// <summary>Sizes and timestamps of the text files and every certificate-like file in the directory and in each till's folder.</summary>
    public static string Of(string directory, SettingsSnapshot snapshot)
    {
        var store = OfFolder(directory, snapshot.Settings?.ServerCertificate);
        var terminals = Path.Combine(directory, TerminalSettingsLoader.FolderName);
        if (!System.IO.Directory.Exists(terminals))
        {
            return store;
        }
        var tills = System.IO.Directory.EnumerateDirectories(terminals).Order(StringComparer.Ordinal).Select(folder =>
            Path.GetFileName(folder) + ">" + OfFolder(folder, snapshot.Terminals.GetValueOrDefault(Path.GetFileName(folder))?.Settings?.ServerCertificate));
        return store + "||" + string.Join("||", tills);
    }

    /// <summary>One folder's files: the two text files, the named server certificate and every certificate-like file.</summary>
    public static string OfFolder(string directory, string? serverCertificate)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return "-";
        }
        var names = new SortedSet<string>(StringComparer.Ordinal) { WebMoneySettingsReader.FileName, PaymentTypesReader.FileName };
        if (serverCertificate is { } server)
        {
            names.Add(server);
        }
        foreach (var path in System.IO.Directory.EnumerateFiles(directory))
        {
            if (CertificateExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase))
            {
                names.Add(Path.GetFileName(path));
            }
        }
        return string.Join("|", names.Select(name =>
        {
            var info = new FileInfo(Path.Combine(directory, name));
            return info.Exists ? $"{name}:{info.Length}:{info.LastWriteTimeUtc.Ticks}" : $"{name}:-";
        }));
    }
}
