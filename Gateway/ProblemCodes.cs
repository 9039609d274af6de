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
        if (exception.InnerException is System.Text.Json.JsonException json)
        {
            return FromJsonBody(json);
        }
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

    /// <summary>
    /// A bound JSON body that does not read: broken syntax is <c>malformed_json</c> (as <see cref="JsonBody"/> answers); a
    /// member of the wrong type (<c>"timeoutSeconds": "abc"</c>) is <c>validation_failed</c> naming the member.
    /// </summary>
    private static ProblemHttpResult FromJsonBody(System.Text.Json.JsonException exception)
    {
        // The reader's own error (bad syntax) comes wrapped; a type mismatch has no JsonException inside.
        if (exception.InnerException is System.Text.Json.JsonException syntax)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "malformed_json", "The body is not valid JSON",
                $"Line {(syntax.LineNumber ?? exception.LineNumber) + 1}, position {(syntax.BytePositionInLine ?? exception.BytePositionInLine) + 1}.");
        }
        var path = exception.Path;
        var field = string.IsNullOrEmpty(path) ? "body" : path.TrimStart('$', '.').Split('.', '[')[0] is { Length: > 0 } f ? f : "body";
        return Problems.Validation(field, $"Wrong type or value for '{field}'.");
    }

    [GeneratedRegex("""Failed to bind parameter "[^"]*? (?<name>\w+)" from "(?<value>[^"]*)"\.""")]
    private static partial Regex BindFailure();
}
