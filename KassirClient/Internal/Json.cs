using System;
using System.Globalization;
using System.IO;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Json;
using System.Text;
using System.Xml;

namespace KassirClient.Internal;

/// <summary>
/// The gateway's JSON through <see cref="DataContractJsonSerializer"/>, which .NET Framework 4.6.2 has in the box
/// (System.Runtime.Serialization), so the DLL needs no JSON library beside it. The wire classes name every member
/// explicitly (camelCase) and carry dates as strings: the serializer's own date format is not ISO 8601.
/// </summary>
internal static class Json
{
    private static readonly DataContractJsonSerializerSettings Settings = new()
    {
        // {"field": ["message"]} rather than [{"Key": …, "Value": …}] for the problem's "errors".
        UseSimpleDictionaryFormat = true,
    };

    public static string Write<T>(T value)
    {
        using var stream = new MemoryStream();
        new DataContractJsonSerializer(typeof(T), Settings).WriteObject(stream, value);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The body read as <typeparamref name="T"/>, or null when it is empty or not that JSON.</summary>
    public static T? TryRead<T>(string? body)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body));
            return new DataContractJsonSerializer(typeof(T), Settings).ReadObject(stream) as T;
        }
        catch (Exception ex) when (ex is SerializationException or XmlException or FormatException or OverflowException
            or InvalidCastException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>An ISO 8601 date of the gateway (<c>2026-12-01T10:00:00+00:00</c>), or null.</summary>
    public static DateTimeOffset? ParseDate(string? text) =>
        !string.IsNullOrEmpty(text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value)
            ? value
            : null;
}
