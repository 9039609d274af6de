namespace KassirClient;

/// <summary>A payment's QR code.</summary>
public sealed class PaymentQr
{
    internal PaymentQr(string payload, string? svgUrl, string? pngUrl)
    {
        Payload = payload;
        SvgUrl = svgUrl;
        PngUrl = pngUrl;
    }

    /// <summary>The text encoded in the QR code.</summary>
    public string Payload { get; }

    /// <summary>The gateway path of the QR code as SVG, e.g. <c>/payments/{id}/qr.svg</c>.</summary>
    public string? SvgUrl { get; }

    /// <summary>The gateway path of the QR code as PNG, e.g. <c>/payments/{id}/qr.png</c>.</summary>
    public string? PngUrl { get; }
}
