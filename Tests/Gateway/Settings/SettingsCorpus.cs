using System.Text;
using Gateway.Settings;

namespace Tests.Gateway.Settings;

/// <summary>Settings files as an administrator might leave them.</summary>
internal static class SettingsCorpus
{
    public const string Good = """
        # Режим работы: оплата по QR чеку
        Mode=QrReceipt
        AgentId=1234
        Wmid=0
        PosNumber=N100
        AgentKey=secret-agent-key
        CrsId=0
        CertificatePassword=pfx-password
        TimeoutSeconds=180
        MaxStatusErrors=3
        ServerAddress=https://dev.runpay.com
        ServiceAddress=/PosIntegration2/ApiService.svc

        """;

    public const string GoodTypes = "Sbp=5\nWebMoney=6\nWeChat=7\nAlipay=8\n";

    public static string Replace(string key, string line) =>
        string.Join("\n", Good.Split('\n').Select(l => l.StartsWith(key + "=", StringComparison.Ordinal) ? line : l));

    public static string Without(string key) =>
        string.Join("\n", Good.Split('\n').Where(l => !l.StartsWith(key + "=", StringComparison.Ordinal)));

    public static byte[] Bytes(string text, bool bom = false) =>
        bom ? [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)] : Encoding.UTF8.GetBytes(text);

    public static SettingsDocument Document(byte[] bytes, string fileName = WebMoneySettingsReader.FileName)
    {
        var document = SettingsDocument.Parse(bytes, fileName, out var error);
        Assert.True(document is not null, error?.ToString());
        return document!;
    }

    public static SettingsReadResult<WebMoneySettings> ReadSettings(string text, bool bom = false) =>
        WebMoneySettingsReader.Read(Document(Bytes(text, bom)));

    public static SettingsReadResult<PaymentTypeMap> ReadTypes(string text) =>
        PaymentTypesReader.Read(Document(Bytes(text), PaymentTypesReader.FileName));
}
