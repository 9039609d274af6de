namespace CustomerDisplay;

/// <summary>
/// Renders a QR payload as the inline SVG a page shows. When the host registers one, <see cref="DisplayNotifier"/>
/// keeps each terminal's last snapshot without its SVG (a few hundred bytes instead of a ~15 KB string per
/// terminal with a pending payment) and renders it again when a page subscribes.
/// </summary>
public interface IDisplayQrRenderer
{
    string Svg(string payload);
}
