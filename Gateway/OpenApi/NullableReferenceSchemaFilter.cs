using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// OpenAPI 3.0 ignores <c>nullable</c> beside a bare <c>$ref</c> and forbids it without <c>type</c>: a nullable
/// reference (<c>QrResponse? Qr</c>) is written as <c>allOf: [$ref]</c> with the referenced schema's type and
/// <c>nullable: true</c>, so <c>"qr": null</c> validates and a generated client makes the property nullable.
/// </summary>
public sealed class NullableReferenceSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (schema is not OpenApiSchema { Properties: { } properties })
        {
            return;
        }
        foreach (var property in properties.Values.OfType<OpenApiSchema>())
        {
            if (property.AllOf is [OpenApiSchemaReference reference]
                && property.Type is { } type && type == JsonSchemaType.Null
                && reference.Reference.Id is { } id
                && context.SchemaRepository.Schemas.TryGetValue(id, out var target) && target.Type is { } targetType)
            {
                property.Type = targetType | JsonSchemaType.Null;
            }
        }
    }
}

/// <summary>
/// Null must validate where the C# property is nullable, and OpenAPI 3.0 says <c>nullable</c> does not reach into
/// an <c>allOf</c>: an object schema referenced only by nullable properties becomes nullable itself, referenced
/// plainly. (A schema also referenced as required keeps the allOf form.)
/// </summary>
internal static class NullableReferences
{
    public static void Apply(OpenApiDocument document)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null)
        {
            return;
        }
        var nullableUses = new List<(OpenApiSchema Owner, string Property, string Id)>();
        var plainUses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var schema in schemas.Values.OfType<OpenApiSchema>())
        {
            foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                if (property is OpenApiSchema { AllOf: [OpenApiSchemaReference { Reference.Id: { } id }] } wrapped
                    && wrapped.Type is { } type && type.HasFlag(JsonSchemaType.Null)
                    && schemas.TryGetValue(id, out var target) && target.Type == JsonSchemaType.Object)
                {
                    nullableUses.Add((schema, name, id));
                }
                else
                {
                    CollectReferences(property, plainUses);
                }
            }
            CollectReferences(schema.Items, plainUses);
        }
        foreach (var (owner, property, id) in nullableUses.Where(u => !plainUses.Contains(u.Id)))
        {
            if (schemas[id] is OpenApiSchema target)
            {
                target.Type = JsonSchemaType.Object | JsonSchemaType.Null;
            }
            owner.Properties![property] = new OpenApiSchemaReference(id, document);
        }
    }

    private static void CollectReferences(IOpenApiSchema? schema, HashSet<string> into)
    {
        switch (schema)
        {
            case OpenApiSchemaReference { Reference.Id: { } id }:
                into.Add(id);
                break;
            case OpenApiSchema s:
                foreach (var part in (s.AllOf ?? []).Concat(s.AnyOf ?? []).Concat(s.OneOf ?? []))
                {
                    CollectReferences(part, into);
                }
                CollectReferences(s.Items, into);
                break;
        }
    }
}
