using System.Security.Cryptography.X509Certificates;
using Gateway.Settings;
using WebMoneyEmulator.Bundle;

namespace Gateway.WebMoney;

/// <summary>Builds a <see cref="WebMoneyConnection"/> from an emulator bundle (tests); live and sandbox settings go through the settings store.</summary>
internal static class WebMoneyConnectionLoader
{
    public static WebMoneyConnection FromBundle(EmulatorBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var settings = new WebMoneySettings
        {
            AgentId = bundle.AgentId,
            Wmid = bundle.Wmid,
            PosNumber = bundle.PosNumber,
            AgentKey = bundle.AgentKey,
            CrsId = bundle.CrsId,
            CertificatePassword = bundle.CertificatePassword,
            ServerAddress = bundle.ServerAddress,
            ServiceAddress = bundle.ServiceAddress,
            ServerCertificate = Path.GetFileName(bundle.ServerCertificatePath),
        };
        return new WebMoneyConnection(settings, bundle.LoadClientCertificate(), bundle.LoadServerCertificate());
    }
}
