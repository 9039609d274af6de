using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Gateway.OpenApi;

/// <summary>
/// The document says <c>additionalProperties: false</c> for every JSON request body, and the server means it: a member
/// the request type does not have (a typo such as <c>ammount</c>, <c>Amount</c> for <c>amount</c>, a member of another
/// version) is refused with 400 <c>validation_failed</c> naming it, before the handler runs, so nothing is written or
/// sent. One place for every endpoint that declares a JSON body (its <see cref="IAcceptsMetadata"/>), whether the
/// handler reads the body itself (<see cref="JsonBody"/>) or the framework binds it. Member names are matched exactly
/// (the document's names); everything else about the body (media type, syntax, types) stays the handler's to judge.
/// </summary>
public sealed class UnknownMemberGuard(RequestDelegate next, IOptions<JsonOptions> json)
{
    private readonly JsonSerializerOptions _options = json.Value.SerializerOptions;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var type = BodyTypeOf(context.GetEndpoint());
        if (type is null || !request.HasJsonContentType())
        {
            await next(context);
            return;
        }
        request.EnableBuffering();
        var unknown = await UnknownMemberAsync(request.Body, type, context.RequestAborted);
        request.Body.Position = 0;
        if (unknown is not null)
        {
            await Problems.Validation(unknown, $"Unknown member '{unknown}': the body may hold only {string.Join(", ", Known(type))}.")
                .ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    /// <summary>The JSON body type the guard holds <paramref name="endpoint"/>'s requests to; null when it declares no JSON body.</summary>
    public static Type? BodyTypeOf(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: { } type } accepts
        && accepts.ContentTypes.Any(c => c.Contains("json", StringComparison.OrdinalIgnoreCase)) ? type : null;

    /// <summary>The first top-level member the type does not have; null when there is none or the body is no JSON object.</summary>
    private async Task<string?> UnknownMemberAsync(Stream body, Type type, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return null; // malformed_json is the handler's answer
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var known = Known(type);
            return document.RootElement.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => !known.Contains(n, StringComparer.Ordinal));
        }
    }

    private IReadOnlyList<string> Known(Type type) => _options.GetTypeInfo(type).Properties.Select(p => p.Name).ToList();
}
