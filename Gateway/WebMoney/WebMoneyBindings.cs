using System.IdentityModel.Selectors;
using System.Security.Cryptography.X509Certificates;
using System.ServiceModel;
using System.ServiceModel.Security;
using WebMoneyContract;

namespace Gateway.WebMoney;

/// <summary>Builds the WCF channel factory for one connection: SOAP 1.1 over HTTPS with the POS client certificate.</summary>
internal static class WebMoneyBindings
{
    public static ChannelFactory<IPosApiService> CreateFactory(WebMoneyConnection connection)
    {
        var binding = new BasicHttpsBinding(BasicHttpsSecurityMode.Transport)
        {
            // Per-call timeouts are set on each channel; these only bound what the binding does on its own.
            OpenTimeout = TimeSpan.FromMinutes(1),
            SendTimeout = TimeSpan.FromMinutes(1),
            ReceiveTimeout = TimeSpan.FromMinutes(1),
            CloseTimeout = TimeSpan.FromSeconds(10),
            MaxReceivedMessageSize = 1024 * 1024,
        };
        binding.Security.Transport.ClientCredentialType = HttpClientCredentialType.Certificate;

        var factory = new ChannelFactory<IPosApiService>(binding, new EndpointAddress(connection.Settings.Endpoint));
        factory.Credentials.ClientCertificate.Certificate = connection.ClientCertificate;
        if (connection.PinnedServerCertificate is { } pinned)
        {
            // The pin replaces the trust store (the emulator's certificate is self-signed), never "accept any".
            factory.Credentials.ServiceCertificate.SslCertificateAuthentication = new X509ServiceCertificateAuthentication
            {
                CertificateValidationMode = X509CertificateValidationMode.Custom,
                CustomCertificateValidator = new PinnedCertificateValidator(pinned),
                RevocationMode = X509RevocationMode.NoCheck,
            };
        }

        return factory;
    }

    private sealed class PinnedCertificateValidator(X509Certificate2 pinned) : X509CertificateValidator
    {
        private readonly byte[] _pinnedHash = pinned.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256);

        public override void Validate(X509Certificate2 certificate)
        {
            ArgumentNullException.ThrowIfNull(certificate);
            if (!certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256).AsSpan().SequenceEqual(_pinnedHash))
            {
                throw new System.IdentityModel.Tokens.SecurityTokenValidationException("The server certificate does not match the pinned ServerCertificate.");
            }
        }
    }
}
