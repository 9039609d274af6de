using WebMoneyEmulator.Bundle;

namespace WebMoneyEmulator.Soap;

/// <summary>Which client certificate was issued to which PosNumber: the store's identity and each till's (SPEC §15).</summary>
internal static class PosIdentities
{
    /// <summary>Thumbprint (upper-case hex, as <c>X509Certificate2.Thumbprint</c> gives it) → PosNumber.</summary>
    public static IReadOnlyDictionary<string, string> Of(EmulatorBundle bundle)
    {
        var identities = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using (var store = bundle.LoadClientCertificate())
        {
            identities[store.Thumbprint] = bundle.PosNumber;
        }

        foreach (var terminal in bundle.Terminals)
        {
            using var certificate = terminal.LoadClientCertificate();
            identities[certificate.Thumbprint] = terminal.PosNumber;
        }

        return identities;
    }
}
