using QRCoder;

namespace Gateway.Payments;

/// <summary>Renders a QR payload as SVG or PNG (QRCoder); medium error correction survives a thermal printer.</summary>
public static class QrImages
{
    public static string Svg(string payload)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(pixelsPerModule: 8, darkColorHex: "#000000", lightColorHex: "#ffffff", drawQuietZones: true);
    }

    /// <param name="payload">The QR text.</param>
    /// <param name="scale">Pixels per module, 1–40.</param>
    public static byte[] Png(string payload, int scale)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(scale);
    }
}
