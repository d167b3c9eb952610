namespace CostInstrumentation.Tests.Recording;

/// <summary>
/// Tests of the process-wide facade itself (<see cref="LlmCostTracker.Configure"/>, <see cref="LlmCallMeter"/>, budgets
/// declared by module initializers) run one after another. Every other test builds a pipeline of its own and runs in parallel.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TrackerCollection
{
    public const string Name = "LlmCostTracker";
}
