using System.Text;
using Gateway.Settings;
using static Tests.Gateway.Settings.SettingsCorpus;

namespace Tests.Gateway.Settings;

/// <summary>
/// Settings files as the original module or Windows Notepad saved them (SPEC §9): Windows-1251, UTF-16 with a BOM and
/// UTF-8 are read, Russian comments included, and a save writes the file back in its own encoding and line endings.
/// </summary>
public sealed class SettingsTextTests
{
    // «# Режим работы» as a Russian Windows program writes it: one byte a letter, no BOM.
    private static readonly byte[] ModeCommentIn1251 = [0x23, 0x20, 0xD0, 0xE5, 0xE6, 0xE8, 0xEC, 0x20, 0xF0, 0xE0, 0xE1, 0xEE, 0xF2, 0xFB];

    public static TheoryData<SettingsTextEncoding> Encodings => new()
    {
        SettingsTextEncoding.Utf8, SettingsTextEncoding.Utf8WithBom, SettingsTextEncoding.Utf16LittleEndian,
        SettingsTextEncoding.Utf16BigEndian, SettingsTextEncoding.Windows1251,
    };

    [Fact]
    public void Read_Windows1251FileWithARussianComment_ReadsTheCommentAndTheSettings()
    {
        byte[] bytes = [.. ModeCommentIn1251, 0x0D, 0x0A, .. Encoding.ASCII.GetBytes(Good[(Good.IndexOf('\n') + 1)..].Replace("\n", "\r\n"))];

        var document = Document(bytes);
        var read = WebMoneySettingsReader.Read(document);

        Assert.Equal(SettingsTextEncoding.Windows1251, document.Encoding);
        Assert.Equal("# Режим работы", document.Lines[0].Text);
        Assert.True(read.IsValid, string.Join("; ", read.Errors));
        Assert.Equal("N100", read.Value!.PosNumber);
    }

    [Fact]
    public void Read_Utf16LittleEndianAsNotepadSavesIt_ReadsTheCommentAndTheSettings()
    {
        byte[] bytes = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Good.Replace("\n", "\r\n"))];

        var document = Document(bytes);
        var read = WebMoneySettingsReader.Read(document);

        Assert.Equal(SettingsTextEncoding.Utf16LittleEndian, document.Encoding);
        Assert.Equal("# Режим работы: оплата по QR чеку", document.Lines[0].Text);
        Assert.True(read.IsValid, string.Join("; ", read.Errors));
    }

    [Fact]
    public void Read_Utf16BigEndianWithBom_ReadsTheTypes()
    {
        byte[] bytes = [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes("# Виды оплаты\r\n" + GoodTypes)];

        var document = Document(bytes, PaymentTypesReader.FileName);
        var read = PaymentTypesReader.Read(document);

        Assert.Equal(SettingsTextEncoding.Utf16BigEndian, document.Encoding);
        Assert.Equal("# Виды оплаты", document.Lines[0].Text);
        Assert.Equal(5, read.Value!.CodeOf(global::Gateway.Storage.PaymentSystem.Sbp));
    }

    [Theory]
    [InlineData(false, SettingsTextEncoding.Utf8)]
    [InlineData(true, SettingsTextEncoding.Utf8WithBom)]
    public void Read_Utf8WithOrWithoutBom_IsUtf8(bool bom, SettingsTextEncoding expected)
    {
        var document = Document(Bytes(Good, bom));

        Assert.Equal(expected, document.Encoding);
        Assert.Equal("# Режим работы: оплата по QR чеку", document.Lines[0].Text);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void RoundTrip_NoChange_IsByteIdentical(SettingsTextEncoding encoding)
    {
        var bytes = SettingsText.Encode(Good.Replace("\n", "\r\n"), encoding);

        var written = Document(bytes).WithValues([new("AgentId", "1234"), new("TimeoutSeconds", "180")]).ToBytes();

        Assert.Equal(bytes, written);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void WithValues_ChangedAndAddedValues_KeepTheEncodingAndCrlf(SettingsTextEncoding encoding)
    {
        var original = Good.Replace("\n", "\r\n");
        var bytes = SettingsText.Encode(original, encoding);

        var written = Document(bytes).WithValues([new("TimeoutSeconds", "240"), new("ServerCertificate", "emulator.cer")]).ToBytes();

        var expected = original.Replace("TimeoutSeconds=180", "TimeoutSeconds=240") + "ServerCertificate=emulator.cer\r\n";
        Assert.Equal(SettingsText.Encode(expected, encoding), written);
    }

    [Fact]
    public void Windows1251Document_AValueOutsideItsAlphabet_IsFoundBeforeAnythingIsWritten()
    {
        var document = Document(SettingsText.Encode(Good, SettingsTextEncoding.Windows1251));

        var changed = document.WithValues([new("AgentId", "1234"), new("CertificatePassword", "пароль密码")]);

        Assert.Equal("CertificatePassword", changed.FirstUnencodable()!.Key);
        Assert.Null(document.WithValues([new("CertificatePassword", "пароль-№1")]).FirstUnencodable());
    }

    [Fact]
    public void Read_Utf16BomFollowedByAnOddByte_IsRefusedNamingTheEncoding()
    {
        var document = SettingsDocument.Parse([0xFF, 0xFE, 0x41, 0x00, 0x42], "f.txt", out var error);

        Assert.Null(document);
        Assert.Contains("does not read as UTF-16 LE text", error!.English, StringComparison.Ordinal);
    }
}
