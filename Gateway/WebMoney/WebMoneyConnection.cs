using System.Security.Cryptography.X509Certificates;
using Gateway.Settings;

namespace Gateway.WebMoney;

/// <summary>Everything one WebMoney client needs: a snapshot of the settings with the certificates loaded.</summary>
public sealed record WebMoneyConnection(
    WebMoneySettings Settings,
    X509Certificate2 ClientCertificate,
    X509Certificate2? PinnedServerCertificate);
