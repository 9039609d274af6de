namespace Gateway.Settings;

/// <summary>
/// One finding about a settings file, for an administrator: where (file, line, field) and what to do, in
/// Russian and English. Never carries a secret value.
/// </summary>
/// <param name="File">The file's name (not its full path).</param>
/// <param name="Line">1-based line, or null when the finding is about the file as a whole (e.g. a missing key).</param>
/// <param name="Field">The camelCase field it concerns (as in the /settings JSON), or null.</param>
/// <param name="Russian">What is wrong and the fix, in Russian.</param>
/// <param name="English">The same in English.</param>
public sealed record SettingsMessage(string File, int? Line, string? Field, string Russian, string English)
{
    public string RussianText => Line is { } line ? $"{File}, строка {line}: {Russian}" : $"{File}: {Russian}";

    public string EnglishText => Line is { } line ? $"{File}, line {line}: {English}" : $"{File}: {English}";

    /// <summary>Both languages on one line: what the logs, readiness and ProblemDetails show.</summary>
    public override string ToString() => $"{RussianText} / {EnglishText}";

    internal static string Join(IEnumerable<SettingsMessage> messages) => string.Join("\n", messages);
}
