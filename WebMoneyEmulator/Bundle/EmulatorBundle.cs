using System.Security.Cryptography.X509Certificates;

namespace WebMoneyEmulator.Bundle;

/// <summary>
/// The settings bundle the emulator serves with and a gateway reads: <c>WebMoneySettings.txt</c>,
/// <c>WebMoneyPaymentTypes.txt</c>, <c>&lt;PosNumber&gt;.pfx</c> (the POS client certificate) and
/// <c>emulator-server.cer</c> (the server certificate the gateway pins). The server's private key
/// stays in <c>emulator-server.pfx</c> so the pin survives restarts.
/// Holds secrets (<see cref="AgentKey"/>, <see cref="CertificatePassword"/>): <see cref="object.ToString"/> leaves them out.
/// </summary>
/// <param name="Directory">The bundle directory (absolute).</param>
/// <param name="AgentId">Номер агента.</param>
/// <param name="PosNumber">Номер POS; the client certificate is <c>&lt;PosNumber&gt;.pfx</c>.</param>
/// <param name="Wmid">WMID (<c>0</c> in the bundle).</param>
/// <param name="CrsId">CrsId (<c>0</c> in the bundle).</param>
/// <param name="AgentKey">Ключ агента: the HMAC key of the request signature. Secret.</param>
/// <param name="CertificatePassword">The password of <c>&lt;PosNumber&gt;.pfx</c>. Secret.</param>
/// <param name="ServerAddress">Scheme, host and port of the SOAP listener, no trailing slash (as in the settings file).</param>
/// <param name="ServiceAddress">The service path, <c>/PosIntegration2/ApiService.svc</c>.</param>
/// <param name="ClientCertificatePath">Full path of <c>&lt;PosNumber&gt;.pfx</c>.</param>
/// <param name="ServerCertificatePath">Full path of <c>emulator-server.cer</c> (public part only).</param>
/// <param name="PaymentTypeCodes">Wire payment system (<c>Sbp</c>, <c>WebMoney</c>, <c>WeChat</c>, <c>Alipay</c>) → Кассир payment-type code.</param>
public sealed record EmulatorBundle(
    string Directory,
    string AgentId,
    string PosNumber,
    string Wmid,
    string CrsId,
    string AgentKey,
    string CertificatePassword,
    string ServerAddress,
    string ServiceAddress,
    string ClientCertificatePath,
    string ServerCertificatePath,
    IReadOnlyDictionary<string, int> PaymentTypeCodes)
{
    public const string SettingsFileName = "WebMoneySettings.txt";
    public const string PaymentTypesFileName = "WebMoneyPaymentTypes.txt";
    public const string ServerCertificateFileName = "emulator-server.cer";
    public const string ServerKeyFileName = "emulator-server.pfx";

    /// <summary>The tills with an identity of their own (<c>terminals/&lt;ID&gt;/</c>, SPEC §15), by folder name; empty without <c>--terminals</c>.</summary>
    public IReadOnlyList<BundleTerminal> Terminals { get; init; } = [];

    /// <summary>The full SOAP endpoint: <see cref="ServerAddress"/> + <see cref="ServiceAddress"/>.</summary>
    public Uri Endpoint => new(ServerAddress + ServiceAddress);

    public string SettingsFilePath => Path.Combine(Directory, SettingsFileName);

    public string PaymentTypesFilePath => Path.Combine(Directory, PaymentTypesFileName);

    internal string ServerKeyPath => Path.Combine(Directory, ServerKeyFileName);

    /// <summary>Opens <c>&lt;PosNumber&gt;.pfx</c> with its password (private key included). The caller disposes it.</summary>
    public X509Certificate2 LoadClientCertificate() =>
        X509CertificateLoader.LoadPkcs12FromFile(ClientCertificatePath, CertificatePassword);

    /// <summary>Reads <c>emulator-server.cer</c>: the certificate a client pins. The caller disposes it.</summary>
    public X509Certificate2 LoadServerCertificate() =>
        X509CertificateLoader.LoadCertificateFromFile(ServerCertificatePath);

    /// <summary>Reads the bundle in <paramref name="directory"/> (throws <see cref="InvalidDataException"/> naming the file when it is broken).</summary>
    public static EmulatorBundle Load(string directory) => BundleFiles.Load(Path.GetFullPath(directory));

    /// <summary>True when <paramref name="directory"/> already holds a bundle (its settings file).</summary>
    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, SettingsFileName));

    // Secrets stay out of ToString (records print every property by default).
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Directory = {Directory}, AgentId = {AgentId}, PosNumber = {PosNumber}, Endpoint = {ServerAddress}{ServiceAddress}");
        return true;
    }
}
