using Gateway.Payments;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Gateway.OpenApi;

/// <summary>
/// What the request validators require, said in the schemas (issue #29 item 5). The C# members stay nullable so a
/// missing value reaches the validator and gets its precise problem; the document says what a valid body is.
/// </summary>
public sealed class RequestSchemaRules : ISchemaFilter
{
    public const string PaymentOneOfNote = "Exactly one of `paymentTypeCode` (the Кассир payment-type Code mapped in "
        + "WebMoneyPaymentTypes.txt) or `paymentSystem` must be given (400 validation_failed otherwise).";

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (schema is not OpenApiSchema concrete || context.Type != typeof(CreatePaymentRequest) || concrete.Properties is null)
        {
            return;
        }
        concrete.Description = "Body of `POST /payments`: `amount` is required. " + PaymentOneOfNote
            + " (A description, not a `oneOf`: generators turn an object `oneOf` into wrapper types a POS does not need.)";
        concrete.Required ??= new HashSet<string>();
        concrete.Required.Add("amount");
        if (concrete.Properties.TryGetValue("amount", out var amount) && amount is OpenApiSchema money && money.Type is { } type)
        {
            money.Type = type & ~JsonSchemaType.Null;
        }
    }
}
