using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Tests.Gateway.Settings;

/// <summary>A temporary settings directory holding a good bundle (both files and N100.pfx), removed on dispose.</summary>
internal sealed class TestSettingsDirectory : IDisposable
{
    public const string Password = "pfx-password";

    public TestSettingsDirectory(bool withFiles = true)
    {
        Path = Directory.CreateTempSubdirectory("lpg-settings-").FullName;
        if (withFiles)
        {
            Write("WebMoneySettings.txt", SettingsCorpus.Good);
            Write("WebMoneyPaymentTypes.txt", SettingsCorpus.GoodTypes);
            WriteCertificate("N100.pfx", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        }
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Write(string name, string text) => System.IO.File.WriteAllText(File(name), text, new UTF8Encoding(false));

    public byte[] Read(string name) => System.IO.File.ReadAllBytes(File(name));

    public void WriteCertificate(string name, DateTimeOffset notBefore, DateTimeOffset notAfter, string password = Password, bool withPrivateKey = true)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=POS N100", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        if (withPrivateKey)
        {
            System.IO.File.WriteAllBytes(File(name), certificate.Export(X509ContentType.Pkcs12, password));
            return;
        }
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);
        System.IO.File.WriteAllBytes(File(name), publicOnly.Export(X509ContentType.Pkcs12, password));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still hold the directory for a moment; the temp folder is cleaned by the OS.
        }
    }
}
