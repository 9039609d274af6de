namespace Gateway.Settings;

/// <summary>What a write of one settings file came to: the document now on disk, or the errors that kept it unchanged.</summary>
public sealed record SettingsWriteResult(SettingsDocument? Written, IReadOnlyList<SettingsMessage> Errors)
{
    public bool Saved => Written is not null;
}

/// <summary>
/// The one way the API (and the admin console through it) changes a settings file: under the store's write lock,
/// open the file as it is now, apply the change, validate the result with the same reader a hand edit meets,
/// write it atomically only if it is valid and different, audit what changed (never a secret's value), reload.
/// </summary>
public sealed partial class SettingsFileWriter(SettingsStore store, ILoggerFactory loggers)
{
    // Administrators filter the log by this category to see who changed what.
    private readonly ILogger _audit = loggers.CreateLogger("Gateway.Settings.Audit");

    public async Task<SettingsWriteResult> WriteAsync(
        string fileName,
        Func<SettingsDocument, SettingsDocument> change,
        Func<SettingsDocument, IReadOnlyList<SettingsMessage>> validate,
        CancellationToken cancellationToken)
    {
        await store.WriteLock.WaitAsync(cancellationToken);
        try
        {
            var directory = store.Directory ?? throw new InvalidOperationException("The settings directory is not known yet (sandbox starting).");
            var errors = new List<SettingsMessage>();
            var before = SettingsLoader.ReadDocument(directory, fileName, errors);
            if (errors.Count > 0)
            {
                return new(null, errors);
            }
            before ??= SettingsDocument.Empty(fileName);
            var after = change(before);
            var invalid = validate(after);
            if (invalid.Count > 0)
            {
                return new(null, invalid);
            }
            if (after.FirstUnencodable() is { } line)
            {
                return new(null, [Unencodable(after, line)]);
            }
            Save(before, after, directory);
            store.Reload();
            return new(after, []);
        }
        finally
        {
            store.WriteLock.Release();
        }
    }

    private void Save(SettingsDocument before, SettingsDocument after, string directory)
    {
        var bytes = after.ToBytes();
        var path = Path.Combine(directory, after.FileName);
        if (File.Exists(path) && bytes.AsSpan().SequenceEqual(before.ToBytes()))
        {
            return;
        }
        Directory.CreateDirectory(directory);
        after.WriteAtomically(path);
        var changes = SettingsAudit.Changes(SettingsApi.Values(before), SettingsApi.Values(after));
        LogSaved(_audit, after.FileName, changes.Count == 0 ? "(format only)" : string.Join("; ", changes));
    }

    // The file keeps its encoding (SPEC §9): a value it cannot hold is refused rather than written as '?'.
    private static SettingsMessage Unencodable(SettingsDocument document, SettingsLine line)
    {
        var encoding = SettingsText.NameOf(document.Encoding);
        return new SettingsMessage(document.FileName, line.Number, line.Key is { } key ? SettingsKeys.FieldOf(SettingsKeys.Canonical(key) ?? key) : null,
            $"в значении есть символы, которых нет в кодировке файла ({encoding}). Используйте латиницу, кириллицу и цифры или пересохраните файл в UTF-8.",
            $"the value holds characters the file's encoding ({encoding}) cannot hold. Use Latin or Cyrillic letters and digits, or save the file as UTF-8.");
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "{File} changed through the API: {Changes}")]
    private static partial void LogSaved(ILogger logger, string file, string changes);
}
