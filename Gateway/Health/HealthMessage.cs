using Gateway.Settings;

namespace Gateway.Health;

/// <summary>Something an administrator can act on, in Russian and English.</summary>
public sealed record HealthMessage(string Ru, string En)
{
    public const string DataKey = "messages";

    public static HealthMessage From(SettingsMessage message) => new(message.RussianText, message.EnglishText);
}
