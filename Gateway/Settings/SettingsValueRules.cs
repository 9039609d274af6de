using System.Globalization;
using System.Text;
using static Gateway.Settings.SettingsKeys;

namespace Gateway.Settings;

/// <summary>
/// What a value sent to PUT /settings may hold (issue #28 §2, docs/settings.md): at most <see cref="MaxLength"/>
/// characters, and only characters a text file keeps on one line and a person can see — no control characters (Cc),
/// no invisible format characters (Cf: U+200B…U+200F, U+2060, U+FEFF…), no line or paragraph separators (Zl, Zp:
/// U+2028, U+2029), no space but the ordinary one (Zs: U+00A0, U+3000…), no private-use (Co) or unassigned (Cn)
/// code points, no lone surrogate. Each message names the field; none repeats the value (it may be a secret).
/// </summary>
public static class SettingsValueRules
{
    /// <summary>
    /// The longest value: 1,024 characters. The longest real ones are a certificate path (Windows' classic limit is
    /// 260) and an address; a key, a password or a number is far shorter.
    /// </summary>
    public const int MaxLength = 1024;

    /// <summary>Why the value cannot be written (Russian / English, naming the field), or null when it can.</summary>
    public static string? Problem(string key, string value)
    {
        var field = $"«{RussianLabel(key)}» ({FieldOf(key)})";
        if (value.Length > MaxLength)
        {
            return $"{field}: не длиннее {MaxLength} символов, а получено {value.Length}. / "
                + $"{FieldOf(key)}: at most {MaxLength} characters, not {value.Length}.";
        }
        var position = 0;
        foreach (var rune in EnumerateRunes(value))
        {
            position++;
            if (rune is not { } r)
            {
                return $"{field}: значение содержит непарный суррогат UTF-16 (символ {position}). / "
                    + $"{FieldOf(key)}: the value holds a lone UTF-16 surrogate (character {position}).";
            }
            if (!Allowed(r))
            {
                var code = $"U+{r.Value:X4}";
                return $"{field}: значение содержит невидимый или управляющий символ {code} (символ {position}) — перевод строки, "
                    + $"разделитель строк, знак форматирования или необычный пробел; файл настроек не может его безопасно хранить. / "
                    + $"{FieldOf(key)}: the value holds the invisible or control character {code} (character {position}): a line break, a "
                    + "line separator, a format character or an unusual space, which the settings file cannot hold safely.";
            }
        }
        return null;
    }

    private static bool Allowed(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.SpaceSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.Surrogate => false,
        _ => true,
    };

    /// <summary>The value's code points; null for a lone surrogate.</summary>
    private static IEnumerable<Rune?> EnumerateRunes(string value)
    {
        for (var i = 0; i < value.Length;)
        {
            if (Rune.TryGetRuneAt(value, i, out var rune))
            {
                yield return rune;
                i += rune.Utf16SequenceLength;
            }
            else
            {
                yield return null;
                i++;
            }
        }
    }
}
