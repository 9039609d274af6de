namespace Gateway.Settings;

/// <summary>WebMoneySettings.txt, parsed and normalised (SPEC §1, §9). Secrets included: never log or return this.</summary>
public sealed record WebMoneySettings
{
    public string Mode { get; init; } = "QrReceipt";
    public required string AgentId { get; init; }
    public string Wmid { get; init; } = "0";
    public required string PosNumber { get; init; }
    public required string AgentKey { get; init; }
    public string CrsId { get; init; } = "0";
    public string CertificatePassword { get; init; } = "";
    /// <summary>Total time for the whole operation, create included; should be ≥ 120.</summary>
    public int TimeoutSeconds { get; init; } = 180;
    /// <summary>Technical errors in a row tolerated while polling; the next one fails the payment.</summary>
    public int MaxStatusErrors { get; init; } = 3;
    /// <summary>Scheme + host (+ port), no trailing slash.</summary>
    public required string ServerAddress { get; init; }
    /// <summary>Leading slash.</summary>
    public string ServiceAddress { get; init; } = WebMoneyContract.PosApi.DefaultServiceAddress;
    /// <summary>Optional file name (in the settings directory) of the pinned server certificate.</summary>
    public string? ServerCertificate { get; init; }

    public Uri Endpoint => new(ServerAddress + ServiceAddress);

    /// <summary>The client certificate's file name: <c>&lt;PosNumber&gt;.pfx</c>.</summary>
    public string CertificateFileName => PosNumber + ".pfx";

    // Secrets stay out of ToString (records print every property by default).
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"AgentId = {AgentId}, PosNumber = {PosNumber}, Endpoint = {ServerAddress}{ServiceAddress}");
        return true;
    }
}
