using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway;

/// <summary>
/// Gives every problem the framework writes by itself (an unknown route, a wrong method, a query value that
/// does not bind) the stable <c>code</c> our own problems carry, so a client never has to parse a title.
/// </summary>
public static partial class ProblemCodes
{
    public static void AddDefaultCode(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Extensions.ContainsKey("code"))
        {
            return;
        }
        context.ProblemDetails.Extensions["code"] = context.ProblemDetails.Status switch
        {
            StatusCodes.Status400BadRequest => "bad_request",
            StatusCodes.Status401Unauthorized => "unauthorized",
            StatusCodes.Status403Forbidden => "forbidden",
            StatusCodes.Status404NotFound => "not_found",
            StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
            StatusCodes.Status413PayloadTooLarge => "payload_too_large",
            StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
            StatusCodes.Status429TooManyRequests => "too_many_requests",
            >= 500 => "internal_error",
            _ => "error",
        };
    }

    /// <summary>A query or route value that does not bind: a validation problem naming the parameter.</summary>
    public static ProblemHttpResult FromBindingFailure(BadHttpRequestException exception)
    {
        var match = BindFailure().Match(exception.Message);
        return match.Success
            // camelCase: an [AsParameters] record's value is named by its property (Limit), the wire by the query key (limit).
            ? Problems.Validation(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(match.Groups["name"].Value),
                $"'{match.Groups["value"].Value}' is not a valid value.")
            : Problems.Create(exception.StatusCode, exception.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => "payload_too_large",
                // A bound JSON body (PUT /settings) sent as another media type: the code JsonBody gives.
                StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
                _ => "bad_request",
            }, "Bad request", exception.Message);
    }

    [GeneratedRegex("""Failed to bind parameter "[^"]*? (?<name>\w+)" from "(?<value>[^"]*)"\.""")]
    private static partial Regex BindFailure();
}
