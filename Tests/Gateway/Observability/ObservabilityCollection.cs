namespace Tests.Gateway.Observability;

/// <summary>
/// The gateway's meter and activity source are per process: these tests run alone, so the counts and spans
/// they read are the ones their own gateway made.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ObservabilityCollection
{
    public const string Name = "Observability (process-wide meter)";
}
