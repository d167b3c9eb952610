namespace CostInstrumentation.Tests.Recording;

/// <summary>
/// A test class that builds pipelines of its own, so it runs in parallel with every other: nothing it configures is
/// process-wide. Each pipeline is disposed (closing what its options made) when the test ends.
/// </summary>
public abstract class PipelineTest : IAsyncLifetime
{
    private readonly List<LlmCostPipeline> _pipelines = [];

    /// <summary>A pipeline of <paramref name="configure"/>'s options, disposed after the test.</summary>
    protected LlmCostPipeline Pipeline(Action<LlmCostOptions> configure)
    {
        LlmCostPipeline pipeline = LlmCostPipeline.Create(configure);
        _pipelines.Add(pipeline);
        return pipeline;
    }

    /// <summary>The status of the budgets the test configured (budgets compiled in or declared by other tests apply to every pipeline).</summary>
    protected static List<LlmBudgetStatus> OwnStatus(LlmCostPipeline pipeline) =>
        [.. pipeline.GetBudgetStatus().Where(s => !LlmDeclaredBudgets.All.Contains(s.Budget))];

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (LlmCostPipeline pipeline in _pipelines)
        {
            await pipeline.DisposeAsync();
        }
    }
}
