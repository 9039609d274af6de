using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Payments;
using Gateway.Settings;
using Gateway.Storage;
using Gateway.WebMoney;

namespace Tests.Support;

/// <summary>A settings seam for unit tests: one usable snapshot (the real SettingsStore reads files).</summary>
public sealed class FixedSettingsStore : ISettingsStore
{
    public FixedSettingsStore(int timeoutSeconds = 180, int maxStatusErrors = 3)
    {
        var settings = new WebMoneySettings
        {
            AgentId = "1234", PosNumber = "N100", AgentKey = "unit-test-agent-key", CertificatePassword = "unit-test-password",
            ServerAddress = "https://127.0.0.1:1", TimeoutSeconds = timeoutSeconds, MaxStatusErrors = maxStatusErrors,
        };
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=N100", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        var cert = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        Current = new SettingsSnapshot
        {
            Settings = settings,
            Connection = new WebMoneyConnection(settings, cert, null),
            PaymentTypes = new PaymentTypeMap(new Dictionary<PaymentSystem, int>
            {
                [PaymentSystem.Sbp] = 5, [PaymentSystem.WebMoney] = 6, [PaymentSystem.WeChat] = 7, [PaymentSystem.Alipay] = 8,
            }),
        };
    }

    public SettingsSnapshot Current { get; set; }
}
