namespace Gateway.Settings;

/// <summary>What reading a settings file gave: the value (null when there are errors), errors and warnings.</summary>
public sealed record SettingsReadResult<T>(T? Value, IReadOnlyList<SettingsMessage> Errors, IReadOnlyList<SettingsMessage> Warnings)
    where T : class
{
    public bool IsValid => Errors.Count == 0 && Value is not null;
}
