namespace Gateway.Settings;

/// <summary>What reading a settings file gave: the value (null when there are errors), errors and warnings.</summary>
public sealed record SettingsReadResult<T>(T? Value, IReadOnlyList<SettingsMessage> Errors, IReadOnlyList<SettingsMessage> Warnings)
    where T : class
{
    public bool IsValid => Errors.Count == 0 && Value is not null;

    /// <summary>Adds this read's errors and warnings to a loader's lists and gives its value.</summary>
    public T? Into(List<SettingsMessage> errors, List<SettingsMessage> warnings)
    {
        errors.AddRange(Errors);
        warnings.AddRange(Warnings);
        return Value;
    }
}
