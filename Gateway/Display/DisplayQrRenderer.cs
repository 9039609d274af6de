using CustomerDisplay;
using Gateway.Payments;

namespace Gateway.Display;

/// <summary>Lets the display notifier keep the QR payload only and render the SVG when a page subscribes (bench B3: memory per pending payment).</summary>
public sealed class DisplayQrRenderer : IDisplayQrRenderer
{
    public string Svg(string payload) => QrImages.Svg(payload);
}
