using Microsoft.Extensions.DependencyInjection;

namespace CostInstrumentation.Hosting;

/// <summary>
/// What <c>AddLlmCostTracking</c> returns: the place other parts of cost tracking (e-mail alerts, middleware, a
/// dashboard) plug in with one line, as extension methods that register their services on <see cref="Services"/> and
/// add to the pipeline with <see cref="LlmCostTrackingBuilderExtensions.Configure(ILlmCostTrackingBuilder, System.Action{System.IServiceProvider, LlmCostOptions})"/>
/// or <see cref="LlmCostTrackingBuilderExtensions.OnPipelineBuilt"/>.
/// </summary>
public interface ILlmCostTrackingBuilder
{
    /// <summary>The application's services.</summary>
    IServiceCollection Services { get; }
}

internal sealed class LlmCostTrackingBuilder(IServiceCollection services) : ILlmCostTrackingBuilder
{
    public IServiceCollection Services { get; } = services;
}
