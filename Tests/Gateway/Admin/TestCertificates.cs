using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tests.Gateway.Admin;

/// <summary>Certificates for the upload tests, made on the spot.</summary>
public static class TestCertificates
{
    public static byte[] Pfx(string password, DateTimeOffset notBefore, DateTimeOffset notAfter, bool withPrivateKey = true)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=N100, O=Test shop", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        if (withPrivateKey)
        {
            return certificate.Export(X509ContentType.Pkcs12, password);
        }
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert));
        return publicOnly.Export(X509ContentType.Pkcs12, password);
    }

    public static byte[] ValidPfx(string password) => Pfx(password, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
}
