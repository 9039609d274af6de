using System.Text;

namespace Gateway.Settings;

/// <summary>
/// A <c>Key=Value</c> text file held line by line, exactly as it was read, so that writing it back keeps
/// comments, order, unknown keys, line endings and the encoding (a BOM included), and a save with no change is byte-identical.
/// </summary>
public sealed class SettingsDocument
{
    /// <summary>Far above any real settings file; a bigger file is a mistake (a log or a binary picked by accident).</summary>
    public const int MaxBytes = 64 * 1024;

    private SettingsDocument(string fileName, SettingsTextEncoding encoding, string newLine, IReadOnlyList<SettingsLine> lines)
    {
        FileName = fileName;
        Encoding = encoding;
        NewLine = newLine;
        Lines = lines;
    }

    public string FileName { get; }

    /// <summary>The encoding the file was read in, and is written back in.</summary>
    public SettingsTextEncoding Encoding { get; }

    /// <summary>The line ending used for lines this program appends: the file's own (the most frequent one).</summary>
    public string NewLine { get; }

    public IReadOnlyList<SettingsLine> Lines { get; }

    /// <summary>The lines that hold a key, in file order.</summary>
    public IEnumerable<SettingsLine> Entries => Lines.Where(l => l.Key is not null);

    /// <summary>A new, empty document (for a file that does not exist yet).</summary>
    public static SettingsDocument Empty(string fileName) => new(fileName, SettingsTextEncoding.Utf8, Environment.NewLine, []);

    /// <summary>Reads a file; null with <paramref name="error"/> set when it is not a settings text file at all.</summary>
    public static SettingsDocument? Parse(ReadOnlySpan<byte> bytes, string fileName, out SettingsMessage? error)
    {
        error = null;
        if (bytes.Length > MaxBytes)
        {
            error = TooLarge(fileName, bytes.Length);
            return null;
        }
        if (!SettingsText.TryDecode(bytes, out var text, out var encoding))
        {
            error = new SettingsMessage(fileName, null, null,
                $"файл не читается как текст в кодировке {SettingsText.NameOf(encoding)} (возможно, это двоичный файл или он испорчен). Сохраните его как текст в кодировке UTF-8 или Windows-1251.",
                $"the file does not read as {SettingsText.NameOf(encoding)} text (it may be a binary file, or damaged). Save it as UTF-8 or Windows-1251 text.");
            return null;
        }

        var lines = SplitLines(text);
        var controlLine = lines.FirstOrDefault(l => l.Text.Any(c => char.IsControl(c) && c != '\t'));
        if (controlLine is not null)
        {
            error = new SettingsMessage(fileName, controlLine.Number, null,
                "в файле есть управляющие (двоичные) символы: это не текстовый файл настроек (или UTF-16 без BOM). Замените его текстовым файлом Ключ=Значение в кодировке UTF-8 или Windows-1251.",
                "the file holds control (binary) characters: it is not a settings text file (or it is UTF-16 without a BOM). Replace it with a Key=Value text file in UTF-8 or Windows-1251.");
            return null;
        }

        return new SettingsDocument(fileName, encoding, DominantNewLine(lines), lines);
    }

    public static SettingsMessage TooLarge(string fileName, long length) => new(fileName, null, null,
        $"файл слишком большой ({length / 1024} КБ, допустимо до {MaxBytes / 1024} КБ): это не файл настроек. Замените его файлом в формате Ключ=Значение.",
        $"the file is too large ({length / 1024} KB, at most {MaxBytes / 1024} KB allowed): it is not a settings file. Replace it with a Key=Value text file.");

    /// <summary>The document with these values set: changed lines rewritten in place, missing keys appended.</summary>
    public SettingsDocument WithValues(IEnumerable<KeyValuePair<string, string>> values)
    {
        var lines = Lines.ToList();
        foreach (var (key, value) in values)
        {
            var index = lines.FindIndex(l => string.Equals(l.Key, key, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                if (lines[index].Value != value)
                {
                    lines[index] = lines[index].WithValue(value);
                }
                continue;
            }
            if (lines.Count > 0 && lines[^1].Ending.Length == 0)
            {
                lines[^1] = lines[^1] with { Ending = NewLine };
            }
            lines.Add(SettingsLine.Create(lines.Count + 1, $"{key}={value}", NewLine));
        }
        return new SettingsDocument(FileName, Encoding, NewLine, lines);
    }

    /// <exception cref="EncoderFallbackException">A line holds a character the file's encoding cannot (see <see cref="FirstUnencodable"/>).</exception>
    public byte[] ToBytes() => SettingsText.Encode(Text(), Encoding);

    /// <summary>The first line the file's encoding cannot hold (a value typed in another alphabet into a Windows-1251 file), or null.</summary>
    public SettingsLine? FirstUnencodable() => Lines.FirstOrDefault(l => !SettingsText.CanEncode(l.Text, Encoding));

    private string Text()
    {
        var builder = new StringBuilder();
        foreach (var line in Lines)
        {
            builder.Append(line.Text).Append(line.Ending);
        }
        return builder.ToString();
    }

    /// <summary>Replaces the file atomically: a reader sees the old file or the new one, never half of it.</summary>
    public void WriteAtomically(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(ToBytes());
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private static List<SettingsLine> SplitLines(string text)
    {
        var lines = new List<SettingsLine>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('\r' or '\n'))
            {
                continue;
            }
            var ending = text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? "\r\n" : text[i].ToString();
            lines.Add(SettingsLine.Create(lines.Count + 1, text[start..i], ending));
            i += ending.Length - 1;
            start = i + 1;
        }
        if (start < text.Length)
        {
            lines.Add(SettingsLine.Create(lines.Count + 1, text[start..], ""));
        }
        return lines;
    }

    private static string DominantNewLine(List<SettingsLine> lines)
    {
        var endings = lines.Where(l => l.Ending.Length > 0).GroupBy(l => l.Ending).OrderByDescending(g => g.Count()).FirstOrDefault();
        return endings?.Key ?? Environment.NewLine;
    }
}

/// <summary>One line as read: its text, its own line ending, and the key and value when it holds one.</summary>
public sealed record SettingsLine(int Number, string Text, string Ending)
{
    /// <summary>The key as written (case kept), or null for a blank line, a comment or a malformed line.</summary>
    public string? Key { get; private init; }

    /// <summary>The value, spaces around it trimmed.</summary>
    public string Value { get; private init; } = "";

    /// <summary>Neither blank, nor a comment, nor <c>Key=Value</c>.</summary>
    public bool IsMalformed { get; private init; }

    internal static SettingsLine Create(int number, string text, string ending)
    {
        var line = new SettingsLine(number, text, ending);
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed[0] == '#')
        {
            return line;
        }
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var key = equals < 0 ? "" : text[..equals].Trim();
        if (key.Length == 0)
        {
            return line with { IsMalformed = true };
        }
        return line with { Key = key, Value = text[(equals + 1)..].Trim() };
    }

    /// <summary>This line with a new value, the key's spelling and the spacing around <c>=</c> kept.</summary>
    internal SettingsLine WithValue(string value)
    {
        var equals = Text.IndexOf('=', StringComparison.Ordinal);
        var afterEquals = equals + 1;
        while (afterEquals < Text.Length && char.IsWhiteSpace(Text[afterEquals]))
        {
            afterEquals++;
        }
        return Create(Number, Text[..afterEquals] + value, Ending);
    }
}
