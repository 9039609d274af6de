using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WebMoneyEmulator.Bundle;

/// <summary>
/// Self-signed certificates for the bundle. Their validity is taken from the wall clock, not from the
/// emulator's TimeProvider: TLS stacks check them against the real clock.
/// </summary>
internal static class BundleCertificates
{
    private static readonly TimeSpan Validity = TimeSpan.FromDays(2 * 365);

    /// <summary>The POS client certificate as a password-protected PKCS#12 (private key included).</summary>
    public static byte[] CreateClientPfx(string posNumber, string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={posNumber}, O=LocalPay WebMoney Emulator", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        // .NET clients only offer a certificate whose EKU allows client authentication.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var cert = CreateSelfSigned(request);
        return cert.Export(X509ContentType.Pfx, password);
    }

    /// <summary>The server certificate: the PKCS#12 the emulator serves with and the public .cer a client pins.</summary>
    public static (byte[] Pfx, byte[] Cer) CreateServer()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost, O=LocalPay WebMoney Emulator", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var cert = CreateSelfSigned(request);
        // The server key is an emulator's throwaway: stored without a password so no secret is needed to restart.
        return (cert.Export(X509ContentType.Pfx), cert.Export(X509ContentType.Cert));
    }

    private static X509Certificate2 CreateSelfSigned(CertificateRequest request)
    {
        var now = TimeProvider.System.GetUtcNow();
        return request.CreateSelfSigned(now.AddDays(-1), now.Add(Validity));
    }
}
