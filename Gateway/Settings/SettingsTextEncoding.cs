using System.Text;

namespace Gateway.Settings;

/// <summary>
/// The encodings a settings file is read in (SPEC §9): UTF-8 with or without a BOM, UTF-16 with a BOM (Notepad's
/// «Юникод»), and Windows-1251 (what a Russian Windows program writes by default). A save writes the file back in
/// the encoding it was read in.
/// </summary>
public enum SettingsTextEncoding
{
    Utf8,
    Utf8WithBom,
    Utf16LittleEndian,
    Utf16BigEndian,
    Windows1251,
}

/// <summary>Decoding and encoding of settings text; every codec is strict, so nothing is ever silently replaced by '?'.</summary>
public static class SettingsText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly UnicodeEncoding StrictUtf16Le = new(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly UnicodeEncoding StrictUtf16Be = new(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);

    // The code-pages provider ships with the shared framework; it is asked directly rather than registered
    // process-wide, so nothing else in the gateway starts resolving legacy code pages by accident.
    private static readonly Encoding StrictWindows1251 = CodePagesEncodingProvider.Instance.GetEncoding(1251,
        EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
        ?? throw new InvalidOperationException("Windows-1251 is not available in this .NET runtime.");

    /// <summary>
    /// The text of a file and the encoding it was in: a BOM decides (UTF-8, UTF-16 LE/BE); without one, valid UTF-8 is
    /// UTF-8 (plain ASCII included) and anything else is Windows-1251. False when the bytes are not valid in the
    /// encoding they declare (a BOM followed by broken text) or not Windows-1251 text either.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text, out SettingsTextEncoding encoding)
    {
        (encoding, var preamble) = bytes switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (SettingsTextEncoding.Utf8WithBom, 3),
            [0xFF, 0xFE, ..] => (SettingsTextEncoding.Utf16LittleEndian, 2),
            [0xFE, 0xFF, ..] => (SettingsTextEncoding.Utf16BigEndian, 2),
            _ => (SettingsTextEncoding.Utf8, 0),
        };
        try
        {
            text = CodecOf(encoding).GetString(bytes[preamble..]);
            return true;
        }
        catch (DecoderFallbackException) when (encoding == SettingsTextEncoding.Utf8)
        {
            // Not UTF-8 and no BOM: what a Russian Windows program writes.
            encoding = SettingsTextEncoding.Windows1251;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
        try
        {
            text = StrictWindows1251.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }

    /// <summary>The file's bytes: the preamble the encoding had, then the text.</summary>
    /// <exception cref="EncoderFallbackException">A character the encoding cannot hold (check with <see cref="CanEncode"/>).</exception>
    public static byte[] Encode(string text, SettingsTextEncoding encoding)
    {
        ReadOnlySpan<byte> preamble = encoding switch
        {
            SettingsTextEncoding.Utf8WithBom => [0xEF, 0xBB, 0xBF],
            SettingsTextEncoding.Utf16LittleEndian => [0xFF, 0xFE],
            SettingsTextEncoding.Utf16BigEndian => [0xFE, 0xFF],
            _ => [],
        };
        return [.. preamble, .. CodecOf(encoding).GetBytes(text)];
    }

    /// <summary>Whether <paramref name="text"/> can be written in <paramref name="encoding"/> (a Chinese character cannot in Windows-1251).</summary>
    public static bool CanEncode(string text, SettingsTextEncoding encoding)
    {
        try
        {
            CodecOf(encoding).GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>The name an administrator knows the encoding by.</summary>
    public static string NameOf(SettingsTextEncoding encoding) => encoding switch
    {
        SettingsTextEncoding.Utf8 => "UTF-8",
        SettingsTextEncoding.Utf8WithBom => "UTF-8 (BOM)",
        SettingsTextEncoding.Utf16LittleEndian => "UTF-16 LE",
        SettingsTextEncoding.Utf16BigEndian => "UTF-16 BE",
        _ => "Windows-1251",
    };

    private static Encoding CodecOf(SettingsTextEncoding encoding) => encoding switch
    {
        SettingsTextEncoding.Utf16LittleEndian => StrictUtf16Le,
        SettingsTextEncoding.Utf16BigEndian => StrictUtf16Be,
        SettingsTextEncoding.Windows1251 => StrictWindows1251,
        _ => StrictUtf8,
    };
}
