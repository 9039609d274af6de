namespace Gateway.OpenApi;

/// <summary>The endpoint reads the optional <c>Idempotency-Key</c> header (replay 200, another body 409 idempotency_key_reused).</summary>
public sealed class IdempotencyKeyMetadata;

/// <summary>Query parameters the handler refuses to go without (400 validation_failed naming them).</summary>
public sealed record RequiredQueryMetadata(params string[] Names);

/// <summary>
/// Endpoint metadata the OpenAPI document reads (<see cref="OperationRules"/>) for what the handler checks by hand,
/// so the handler keeps its precise problems and the document still says what it requires.
/// </summary>
public static class ContractMetadataExtensions
{
    public static TBuilder HonoursIdempotencyKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotencyKeyMetadata());

    public static TBuilder RequiresQuery<TBuilder>(this TBuilder builder, params string[] names) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredQueryMetadata(names));
}
