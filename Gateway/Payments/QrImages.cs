using System.Globalization;
using System.Text;
using QRCoder;

namespace Gateway.Payments;

/// <summary>Renders a QR payload as SVG or PNG (QRCoder); medium error correction survives a thermal printer.</summary>
public static class QrImages
{
    /// <summary>
    /// One SVG path for all dark modules, in module units with the standard 4-module quiet zone. QRCoder's own
    /// SVG writer emits an element per module and was a quarter of the gateway's CPU per payment (bench B2);
    /// the picture is the same.
    /// </summary>
    public static string Svg(string payload)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        // QRCoder's matrix already holds its own 4-module quiet zone.
        var matrix = data.ModuleMatrix;
        var size = matrix.Count;
        var path = new StringBuilder(size * size * 3);
        for (var y = 0; y < size; y++)
        {
            var row = matrix[y];
            for (var x = 0; x < size; x++)
            {
                if (!row[x])
                {
                    continue;
                }
                var run = 1;
                while (x + run < size && row[x + run])
                {
                    run++;
                }
                path.Append(CultureInfo.InvariantCulture, $"M{x} {y}h{run}v1h-{run}z");
                x += run - 1;
            }
        }
        return $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#ffffff"/><path fill="#000000" d="{path}"/></svg>""";
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
