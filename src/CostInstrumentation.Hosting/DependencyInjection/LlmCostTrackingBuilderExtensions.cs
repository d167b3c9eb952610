using System;
using Microsoft.Extensions.DependencyInjection;

namespace CostInstrumentation.Hosting;

/// <summary>Adds to the pipeline <c>AddLlmCostTracking</c> builds, in the order the calls are made.</summary>
public static class LlmCostTrackingBuilderExtensions
{
    /// <summary>Sets up more of the options in code, after the configuration section was applied (so code wins).</summary>
    public static ILlmCostTrackingBuilder Configure(this ILlmCostTrackingBuilder builder, Action<LlmCostOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.Configure((_, options) => configure(options));
    }

    /// <inheritdoc cref="Configure(ILlmCostTrackingBuilder, Action{LlmCostOptions})"/>
    public static ILlmCostTrackingBuilder Configure(this ILlmCostTrackingBuilder builder, Action<IServiceProvider, LlmCostOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddSingleton(new LlmCostOptionsSetup(configure));
        return builder;
    }

    /// <summary>
    /// Runs <paramref name="onBuilt"/> on the pipeline as soon as it is built, before any call is recorded to it: the
    /// place to subscribe to <see cref="LlmCostPipeline.BudgetAlert"/> and <see cref="LlmCostPipeline.Error"/> (an alert
    /// channel). A hook that throws stops start-up.
    /// </summary>
    public static ILlmCostTrackingBuilder OnPipelineBuilt(this ILlmCostTrackingBuilder builder, Action<IServiceProvider, LlmCostPipeline> onBuilt)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(onBuilt);
        builder.Services.AddSingleton(new LlmCostPipelineHook(onBuilt));
        return builder;
    }
}

/// <summary>One <see cref="LlmCostTrackingBuilderExtensions.Configure(ILlmCostTrackingBuilder, Action{IServiceProvider, LlmCostOptions})"/> call, kept as a service.</summary>
internal sealed record LlmCostOptionsSetup(Action<IServiceProvider, LlmCostOptions> Configure);

/// <summary>One <see cref="LlmCostTrackingBuilderExtensions.OnPipelineBuilt"/> call, kept as a service.</summary>
internal sealed record LlmCostPipelineHook(Action<IServiceProvider, LlmCostPipeline> OnBuilt);
