using System.Security.Cryptography.X509Certificates;

namespace WebMoneyEmulator.Bundle;

/// <summary>
/// One till's own POS identity in the bundle (SPEC §15): <c>terminals/&lt;TerminalId&gt;/WebMoneySettings.txt</c> with
/// its <c>PosNumber</c> and <c>CertificatePassword</c>, and its own <c>&lt;PosNumber&gt;.pfx</c>. Every other key
/// comes from the store's settings file. Holds a secret (<see cref="CertificatePassword"/>): ToString leaves it out.
/// </summary>
/// <param name="TerminalId">The terminal id the till pays with (its folder's name).</param>
/// <param name="PosNumber">Номер POS issued to this till (<c>N101</c>, <c>N102</c>, … in the order given).</param>
/// <param name="CertificatePassword">The password of the till's <c>&lt;PosNumber&gt;.pfx</c>. Secret.</param>
/// <param name="Directory">The till's folder (absolute).</param>
public sealed record BundleTerminal(string TerminalId, string PosNumber, string CertificatePassword, string Directory)
{
    /// <summary>The folder under the bundle that holds one sub-folder per till.</summary>
    public const string FolderName = "terminals";

    /// <summary>Full path of the till's <c>&lt;PosNumber&gt;.pfx</c>.</summary>
    public string ClientCertificatePath => Path.Combine(Directory, PosNumber + ".pfx");

    /// <summary>Full path of the till's <c>WebMoneySettings.txt</c>.</summary>
    public string SettingsFilePath => Path.Combine(Directory, EmulatorBundle.SettingsFileName);

    /// <summary>Opens the till's certificate with its password (private key included). The caller disposes it.</summary>
    public X509Certificate2 LoadClientCertificate() =>
        X509CertificateLoader.LoadPkcs12FromFile(ClientCertificatePath, CertificatePassword);

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"TerminalId = {TerminalId}, PosNumber = {PosNumber}, Directory = {Directory}");
        return true;
    }
}
