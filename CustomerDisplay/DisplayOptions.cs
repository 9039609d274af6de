using System.ComponentModel.DataAnnotations;

namespace CustomerDisplay;

/// <summary>The <c>Display</c> configuration section.</summary>
public sealed class DisplayOptions
{
    public const string Section = "Display";

    /// <summary>Seconds the paid / failed screen stays before the display returns to idle. Default 8.</summary>
    [Range(1, 600)]
    public int ResultSeconds { get; set; } = 8;
}
