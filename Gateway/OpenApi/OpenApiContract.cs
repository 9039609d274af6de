using Gateway.Security;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.Swagger;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// What makes /swagger/v1/swagger.json a contract a POS vendor can generate a client from (docs/operations.md,
/// "The OpenAPI document"): the X-Api-Key scheme on exactly the operations ApiKeyMiddleware guards, the 401/403/429
/// answers the security middleware gives, tag descriptions, the server it was fetched from and a licence.
/// </summary>
public sealed class OpenApiContract : IDocumentFilter, IOperationFilter
{
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>Every tag an endpoint uses needs a line here (OpenApiDocumentTests checks it).</summary>
    public static readonly IReadOnlyDictionary<string, string> TagDescriptions = new Dictionary<string, string>
    {
        ["Payments"] = "QR payments: create, read, wait for the outcome, cancel; the journal; the QR images; the payment systems.",
        ["Settings"] = "WebMoneySettings.txt and WebMoneyPaymentTypes.txt as JSON. From this PC only (127.0.0.1).",
        ["Health"] = "Liveness and readiness for a service monitor: settings, certificate, journal, WebMoney.",
        ["Refunds"] = "Returns of paid payments, in full or in parts, through the same payment system (SPEC §10).",
        ["Reports"] = "End of day: the day's totals per payment system and terminal, CSV for the accountant, reconciliation with WebMoney (SPEC §11).",
    };

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(swaggerDoc);
        swaggerDoc.Info.License = new OpenApiLicense { Name = "Proprietary" };
        NullableReferences.Apply(swaggerDoc);
        swaggerDoc.Components ??= new OpenApiComponents();
        swaggerDoc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        swaggerDoc.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyMiddleware.Header,
            Description = "Required only when the gateway's Gateway:ApiKey is set; otherwise send nothing.",
        };
        var used = swaggerDoc.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        swaggerDoc.Tags = new HashSet<OpenApiTag>(used.Order(StringComparer.Ordinal).Select(name => new OpenApiTag
        {
            Name = name,
            Description = TagDescriptions.GetValueOrDefault(name!),
        }));
    }

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var path = new PathString("/" + (context.ApiDescription.RelativePath ?? "").Split('?')[0].TrimEnd('/'));
        operation.Responses ??= new OpenApiResponses();
        if (ApiKeyMiddleware.IsProtected(path))
        {
            // Two alternatives: the key when the gateway has one, nothing when it has none.
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement(),
            ];
            AddProblem(operation, context, "401", "unauthorized: Gateway:ApiKey is set and X-Api-Key is missing or wrong");
        }
        else
        {
            operation.Security = [];
        }
        if (LoopbackOnlyMiddleware.IsLoopbackOnly(path))
        {
            AddProblem(operation, context, "403", "loopback_only: called from another computer");
        }
        var request = new DefaultHttpContext().Request;
        request.Path = path;
        request.Method = context.ApiDescription.HttpMethod ?? "GET";
        if (GatewayRateLimits.PartitionOf(request) != GatewayRateLimits.Exempt)
        {
            AddProblem(operation, context, "429", "too_many_requests: the flood limiter; retry after Retry-After seconds");
        }
    }

    /// <summary>Adds the problem answer, or names one more reason on an answer already listed.</summary>
    internal static void AddProblem(OpenApiOperation operation, OperationFilterContext context, string status, string description)
    {
        operation.Responses ??= new OpenApiResponses();
        var schema = context.SchemaGenerator.GenerateSchema(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.SchemaRepository);
        if (operation.Responses.TryGetValue(status, out var existing))
        {
            if (existing is OpenApiResponse response)
            {
                var reason = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture));
                response.Description = string.IsNullOrEmpty(response.Description) || response.Description == reason ? description
                    : response.Description.Contains(description, StringComparison.Ordinal) ? response.Description
                    : response.Description + "; " + description;
                response.Content ??= new Dictionary<string, IOpenApiMediaType>();
                response.Content.TryAdd("application/problem+json", new OpenApiMediaType { Schema = schema });
            }
            return;
        }
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/problem+json"] = new OpenApiMediaType { Schema = schema },
            },
        };
    }
}

public static class OpenApiSetup
{
    /// <summary>After AddGatewayHost (which adds Swagger): the contract's filters and schema rules.</summary>
    public static WebApplicationBuilder AddOpenApiContract(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureSwaggerGen(o =>
        {
            // Nullable references become "nullable", non-nullable ones required: a generated client gets the
            // C# types the gateway answers with, and `"error": null` validates against its $ref.
            o.SupportNonNullableReferenceTypes();
            o.NonNullableReferenceTypesAsRequired();
            o.UseAllOfToExtendReferenceSchemas();
            // Money is decimal, exact on the wire (1234.50), but its schema is a plain number: "format: decimal" is no
            // format JSON-schema validators know (Ajv refuses it), and "multipleOf: 0.01" makes Ajv refuse every ninth
            // amount (0.07 / 0.01 = 7.000000000000001). docs/operations.md says how a generator still gets decimal.
            o.MapType<decimal>(() => new OpenApiSchema { Type = JsonSchemaType.Number });
            o.MapType<decimal?>(() => new OpenApiSchema { Type = JsonSchemaType.Number | JsonSchemaType.Null });
            o.SchemaFilter<NullableReferenceSchemaFilter>();
            o.SchemaFilter<RequestSchemaRules>();
            o.DocumentFilter<OpenApiContract>();
            o.OperationFilter<OpenApiContract>();
            o.OperationFilter<OperationRules>(); // after OpenApiContract: it adds headers to the 429 that one lists
        });
        // "Try it out" and generated clients call the address the document was fetched from, whatever the port.
        builder.Services.Configure<SwaggerOptions>(o => o.PreSerializeFilters.Add((document, request) =>
            document.Servers = [new OpenApiServer
            {
                Url = $"{request.Scheme}://{request.Host.Value}{request.PathBase}",
                Description = "This gateway: the address this document was fetched from",
            }]));
        return builder;
    }
}
