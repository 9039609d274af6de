using System.Text.RegularExpressions;
using Gateway.Payments;
using QRCoder;

namespace Tests.Gateway.Payments;

public sealed class QrImagesTests
{
    [Fact]
    public void Svg_PaintsExactlyTheDarkModulesOfTheQrCode_WithAQuietZone()
    {
        const string payload = "https://qr.nspk.ru/AS1000ZTEVBTPFHHZI59SBAWUFMHS3O1?type=02&sum=123450&cur=RUB";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;

        var svg = QrImages.Svg(payload);

        var painted = new bool[matrix.Count, matrix.Count];
        foreach (Match m in Regex.Matches(svg, @"M(\d+) (\d+)h(\d+)v1h-\d+z"))
        {
            var (x, y, run) = (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value));
            for (var i = 0; i < run; i++)
            {
                painted[y, x + i] = true;
            }
        }
        for (var y = 0; y < matrix.Count; y++)
        {
            for (var x = 0; x < matrix.Count; x++)
            {
                Assert.True(matrix[y][x] == painted[y, x], $"module ({x},{y})");
            }
        }
        Assert.Contains($"viewBox=\"0 0 {matrix.Count} {matrix.Count}\"", svg);
        Assert.All(Enumerable.Range(0, 4), i => Assert.False(matrix[i][i]));
    }
}
