using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Gateway.Storage.PostgreSql;

/// <summary>
/// The journal's database cannot be reached (SPEC §14): any request that needed it is answered 503
/// <c>journal_unavailable</c>, naming the database (never the password). Nothing was committed, so nothing was sent to
/// WebMoney either: a create journals before it sends. The answer carries Retry-After; KassirClient retries it at
/// the same node (an HTTP answer is never failed over).
/// </summary>
public static class JournalUnavailable
{
    public const string Code = "journal_unavailable";
    public const int RetryAfterSeconds = 5;

    /// <summary>An exception (or one it wraps) saying the server could not be reached or dropped the connection.</summary>
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    // Class 08 (connection exception), the server shutting down or starting, too many connections.
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections;
                case NpgsqlException:
                    return true;
            }
        }
        return false;
    }

    public static ProblemHttpResult Problem(HttpContext context)
    {
        var database = context.RequestServices.GetService<PostgreSqlDatabase>()?.Description ?? "the journal's database";
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.Create(StatusCodes.Status503ServiceUnavailable, Code, "The journal is unavailable",
            $"{database} cannot be reached. Nothing was recorded and nothing was sent to WebMoney; try again shortly.");
    }
}
