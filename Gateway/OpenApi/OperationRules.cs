using Gateway.Security;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// What every operation answers beyond its handler (issue #29), decided generically so an endpoint added later is
/// held to the same rules: the middlewares' statuses (413, 415, cross-site 403), the response headers (Location,
/// Retry-After, Content-Disposition), binary bodies, and what <see cref="ContractMetadataExtensions"/> marks.
/// </summary>
public sealed class OperationRules : IOperationFilter
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        operation.Responses ??= new OpenApiResponses();
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var method = context.ApiDescription.HttpMethod ?? "GET";

        if (metadata.OfType<IdempotencyKeyMetadata>().Any())
        {
            IdempotencyKey(operation, context);
        }
        foreach (var name in metadata.OfType<RequiredQueryMetadata>().SelectMany(m => m.Names))
        {
            if (operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == name && p.In == ParameterLocation.Query) is { } parameter)
            {
                parameter.Required = true;
            }
        }
        if (operation.RequestBody is not null)
        {
            // RequestBodyLimitMiddleware (Content-Length, or Kestrel while reading a chunked body); JsonBody or the
            // framework's body binding for anything but the declared media type.
            OpenApiContract.AddProblem(operation, context, "413", "payload_too_large: the body is above Security:MaxRequestBodyBytes (16 KB)");
            OpenApiContract.AddProblem(operation, context, "415", "unsupported_media_type: the body is not "
                + string.Join(" or ", operation.RequestBody.Content?.Keys ?? []));
        }
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            OpenApiContract.AddProblem(operation, context, "403",
                "cross_site_request: a browser marked the request as coming from another site's page (Origin / Sec-Fetch-Site)");
        }
        foreach (var (status, response) in operation.Responses)
        {
            if (response is OpenApiResponse concrete)
            {
                Describe(status, concrete);
            }
        }
    }

    private static void Describe(string status, OpenApiResponse response)
    {
        foreach (var (mediaType, content) in response.Content ?? new Dictionary<string, IOpenApiMediaType>())
        {
            if (!IsJson(mediaType) && content is OpenApiMediaType media)
            {
                // Bytes, whatever the type: a generated client hands them over as a file/stream instead of parsing them.
                media.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
            }
        }
        if (status == "201")
        {
            AddHeader(response, "Location", "The created resource, relative to the gateway (e.g. /payments/{id}).",
                new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" });
        }
        if (status == "429")
        {
            AddHeader(response, "Retry-After", "Seconds to wait before retrying (at least 1).",
                new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" });
        }
        if (response.Content?.ContainsKey("text/csv") == true)
        {
            AddHeader(response, "Content-Disposition", "attachment; filename=… (the file name to save it under).",
                new OpenApiSchema { Type = JsonSchemaType.String });
        }
    }

    private static void IdempotencyKey(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Parameters ??= [];
        var parameter = operation.Parameters.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == IdempotencyKeyHeader && p.In == ParameterLocation.Header);
        if (parameter is null)
        {
            parameter = new OpenApiParameter { Name = IdempotencyKeyHeader, In = ParameterLocation.Header };
            operation.Parameters.Add(parameter);
        }
        parameter.Description = "Optional. The same key with the same body within 24 h answers the original (200) instead of "
            + "creating another; with another body, 409 idempotency_key_reused. At most 128 characters.";
        parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 128 };
        OpenApiContract.AddProblem(operation, context, "409", "idempotency_key_reused: this Idempotency-Key came with another body");
    }

    private static void AddHeader(OpenApiResponse response, string name, string description, OpenApiSchema schema)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Required = true, Schema = schema };
    }

    private static bool IsJson(string mediaType) =>
        mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
}
