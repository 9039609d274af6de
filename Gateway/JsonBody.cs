using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Gateway;

/// <summary>
/// Reads a JSON body with errors a client can act on: 415 for anything but application/json (form and
/// text/plain posts from a browser included), 400 <c>malformed_json</c> for broken syntax, 400
/// <c>validation_failed</c> naming the field for a value of the wrong type.
/// </summary>
public static class JsonBody
{
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request) where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                "The body must be application/json", $"Content-Type was '{request.ContentType ?? "(none)"}'."));
        }
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException ex)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "malformed_json", "The body is not valid JSON",
                $"Line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}."));
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Problems.Create(StatusCodes.Status400BadRequest, "malformed_json", "The body must be a JSON object"));
            }
            var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            try
            {
                return (document.RootElement.Deserialize<T>(options), null);
            }
            catch (JsonException ex)
            {
                var field = FieldOf(ex.Path);
                return (null, Problems.Validation(field, $"Wrong type or value for '{field}'."));
            }
        }
    }

    /// <summary>"$.amount" → "amount".</summary>
    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) ? "body" : path.TrimStart('$', '.').Split('.', '[')[0] is { Length: > 0 } f ? f : "body";
}
