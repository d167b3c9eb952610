using System;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CostInstrumentation.Hosting;

/// <summary>
/// Builds the container's one pipeline: the configuration section first, then the host's logger, meter factory and
/// clock, then each <c>Configure</c> of the builder, then its <c>OnPipelineBuilt</c> hooks.
/// </summary>
internal static class LlmCostPipelineFactory
{
    /// <summary>The logger category of the runtime's problems and of the hosting's own events.</summary>
    public const string LogCategory = "CostInstrumentation";

    public static LlmCostPipeline Create(IServiceProvider services)
    {
        // Reading the options validates them: a bad value throws here too when the pipeline is asked for before start-up.
        LlmCostTrackingOptions tracking = services.GetRequiredService<IOptions<LlmCostTrackingOptions>>().Value;
        ILogger logger = services.GetService<ILoggerFactory>()?.CreateLogger(LogCategory) ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        LlmCostPipeline pipeline = tracking.Enabled ? Build(services, tracking, logger) : LlmCostPipeline.Unconfigured(static _ => { });
        try
        {
            foreach (LlmCostPipelineHook hook in services.GetServices<LlmCostPipelineHook>())
            {
                hook.OnBuilt(services, pipeline);
            }
        }
        catch
        {
            pipeline.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }

        return pipeline;
    }

    private static LlmCostPipeline Build(IServiceProvider services, LlmCostTrackingOptions tracking, ILogger logger)
    {
        string keyPrefix = services.GetRequiredService<LlmCostConfigurationSources>().KeyPrefix;
        LlmCostOptions options = LlmCostPipeline.Options(options =>
        {
            tracking.ApplyTo(options, keyPrefix, logger);
            options.UseLogger(logger);
            if (services.GetService<IMeterFactory>() is { } meterFactory)
            {
                options.UseMeterFactory(meterFactory);
            }

            if (services.GetService<TimeProvider>() is { } clock)
            {
                options.Clock = clock;
            }

            foreach (LlmCostOptionsSetup setup in services.GetServices<LlmCostOptionsSetup>())
            {
                setup.Configure(services, options);
            }
        }, errors: null);

        return LlmCostPipeline.Create(options);
    }
}
