namespace CostInstrumentation.Tests.Budgets;

/// <summary>The tracker is process-wide: test classes that configure it run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class TrackerCollection
{
    public const string Name = "LlmCostTracker";
}
