using System.Text;
using Gateway.Settings;
using static Tests.Gateway.Settings.SettingsCorpus;

namespace Tests.Gateway.Settings;

public class SettingsDocumentTests
{
    [Theory]
    [InlineData(false, "\n")]
    [InlineData(true, "\r\n")]
    [InlineData(true, "\n")]
    public void RoundTrip_NoChange_IsByteIdentical(bool bom, string newLine)
    {
        var bytes = Bytes("# комментарий\n  agentid = 1 \nColour=blue\n\nServerAddress=https://x".Replace("\n", newLine), bom);

        var written = Document(bytes).WithValues([new("AgentId", "1"), new("ServerAddress", "https://x")]).ToBytes();

        Assert.Equal(bytes, written);
    }

    [Fact]
    public void WithValues_ChangedValue_RewritesOnlyThatLineKeepingEverythingElse()
    {
        var bytes = Bytes("# Номер агента\r\n  agentid = 1\r\nColour=blue\r\nTimeoutSeconds=180\r\n", bom: true);

        var written = Document(bytes).WithValues([new("AgentId", "42"), new("TimeoutSeconds", "180")]).ToBytes();

        Assert.Equal(Bytes("# Номер агента\r\n  agentid = 42\r\nColour=blue\r\nTimeoutSeconds=180\r\n", bom: true), written);
    }

    [Fact]
    public void WithValues_MissingKey_IsAppendedWithTheFilesLineEnding()
    {
        var bytes = Bytes("AgentId=1\r\nPosNumber=N1");

        var written = Document(bytes).WithValues([new("CrsId", "7")]).ToBytes();

        Assert.Equal(Bytes("AgentId=1\r\nPosNumber=N1\r\nCrsId=7\r\n"), written);
    }

    [Fact]
    public void Parse_BinaryGarbage_IsRejectedAsNotAText()
    {
        var garbage = new byte[300];
        new Random(4).NextBytes(garbage);

        var document = SettingsDocument.Parse(garbage, WebMoneySettingsReader.FileName, out var error);

        Assert.Null(document);
        Assert.StartsWith("WebMoneySettings.txt", error!.EnglishText, StringComparison.Ordinal);
        Assert.Contains("binary", error.English, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextWithNulCharacters_IsRejectedAsBinary()
    {
        var document = SettingsDocument.Parse(Encoding.UTF8.GetBytes("AgentId=1\n\0\0\0"), "f.txt", out var error);

        Assert.Null(document);
        Assert.Contains("control (binary) characters", error!.English, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FiveMegabyteFile_IsRejectedAsTooLarge()
    {
        var huge = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("# padding line of a file that grew too large\n", 5 * 1024 * 1024 / 45)));

        var document = SettingsDocument.Parse(huge, WebMoneySettingsReader.FileName, out var error);

        Assert.Null(document);
        Assert.Contains("the file is too large", error!.English, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteAtomically_ReplacesTheFileAndLeavesNoTemporaryFile()
    {
        var dir = Directory.CreateTempSubdirectory("lpg-doc-");
        try
        {
            var path = Path.Combine(dir.FullName, "WebMoneySettings.txt");
            File.WriteAllText(path, "AgentId=1\n");

            Document(File.ReadAllBytes(path)).WithValues([new("AgentId", "2")]).WriteAtomically(path);

            Assert.Equal("AgentId=2\n", File.ReadAllText(path));
            Assert.Single(dir.GetFiles());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
