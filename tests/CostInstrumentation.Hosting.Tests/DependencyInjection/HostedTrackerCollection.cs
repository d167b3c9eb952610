namespace CostInstrumentation.Hosting.Tests.DependencyInjection;

/// <summary>
/// A started host lends its pipeline to the process-wide <see cref="LlmCostTracker"/>: the tests that start one run alone,
/// one after another.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostedTrackerCollection
{
    public const string Name = "Hosted LlmCostTracker";
}
