using System.Text.RegularExpressions;
using Npgsql;

namespace Gateway.Storage.PostgreSql;

/// <summary>
/// The journal's connection string (<see cref="Key"/>), read and checked at start: a start without it, or with one
/// Npgsql cannot parse, stops with a message naming the key. The password never appears in a message or a log: the
/// database is described by host, port and name only (<see cref="Describe"/>).
/// </summary>
public static partial class PostgreSqlConnection
{
    public const string Key = "ConnectionStrings:Journal";

    /// <summary>Connect timeout when the string sets none: readiness and a create learn of a dead server in seconds, not 15.</summary>
    public const int DefaultTimeoutSeconds = 5;

    public static NpgsqlConnectionStringBuilder Read(IConfiguration configuration)
    {
        var text = configuration[Key];
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidOperationException(
                $"Gateway:Journal:Provider is PostgreSql, but {Key} is not set. Set it to the Npgsql connection string of the "
                + "journal's database, e.g. \"Host=kassa-server;Port=5432;Database=localpay;Username=localpay;Password=...\" "
                + "(docs/store-server.md).");
        }
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            throw new InvalidOperationException($"{Key} is not a valid Npgsql connection string: {Redact(ex.Message, text)}");
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new InvalidOperationException($"{Key} names no Host: set Host=<the PostgreSQL server> (docs/store-server.md).");
        }
        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            throw new InvalidOperationException($"{Key} names no Database: set Database=<the journal's database> (docs/store-server.md).");
        }
        if (!Sets(text, "Timeout"))
        {
            builder.Timeout = DefaultTimeoutSeconds;
        }
        return builder;
    }

    /// <summary>"PostgreSQL host:port/database": for logs, readiness and errors (never the password).</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";

    private static bool Sets(string text, string keyword) =>
        text.Split(';').Any(part => part.Split('=')[0].Trim().Equals(keyword, StringComparison.OrdinalIgnoreCase));

    /// <summary>A parser's message may quote the string: whatever a Password= held is cut out of it.</summary>
    private static string Redact(string message, string text)
    {
        foreach (Match m in PasswordValue().Matches(text))
        {
            var value = m.Groups[1].Value.Trim();
            if (value.Length > 0)
            {
                message = message.Replace(value, "***", StringComparison.Ordinal);
            }
        }
        return message;
    }

    [GeneratedRegex(@"(?:password|pwd)\s*=\s*([^;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordValue();
}
