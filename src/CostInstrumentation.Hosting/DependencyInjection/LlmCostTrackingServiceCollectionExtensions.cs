using System;
using System.Linq;
using CostInstrumentation.Hosting.Email;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CostInstrumentation.Hosting;

/// <summary>
/// Registers cost tracking with dependency injection: one <see cref="LlmCostPipeline"/> singleton, built and validated
/// at host start-up, which generated shims record to while the host runs, flushed when it stops.
/// </summary>
public static class LlmCostTrackingServiceCollectionExtensions
{
    /// <summary>
    /// Tracks costs as the <paramref name="configuration"/> section says (<c>configuration.GetSection("CostInstrumentation")</c>;
    /// docs/hosting.md lists the keys). A missing section or a bad value stops the host at start-up with a message
    /// naming the key. Called again, it binds the next section on top of the earlier one (later values win, budgets add up).
    /// Its <c>Email</c> sub-section, when present, turns on e-mail alerts and digests (<see cref="EmailAlertsServiceCollectionExtensions.AddLlmCostEmailAlerts(IServiceCollection, IConfiguration)"/>).
    /// </summary>
    public static ILlmCostTrackingBuilder AddLlmCostTracking(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ILlmCostTrackingBuilder builder = services.AddLlmCostTrackingCore(out LlmCostConfigurationSources sources);
        sources.Add(configuration);
        services.AddOptions<LlmCostTrackingOptions>().Bind(configuration);
        if (configuration.GetSection(EmailAlertsServiceCollectionExtensions.SectionName) is { } email && email.Exists())
        {
            services.AddLlmCostEmailAlerts(email);
        }

        return builder;
    }

    /// <summary>Tracks costs as <paramref name="configure"/> sets up (the options of <see cref="LlmCostTracker.Configure"/>).</summary>
    public static ILlmCostTrackingBuilder AddLlmCostTracking(this IServiceCollection services, Action<LlmCostOptions> configure) =>
        services.AddLlmCostTrackingCore(out _).Configure(configure);

    /// <summary>The services every registration shares, added once however many times cost tracking is registered.</summary>
    private static LlmCostTrackingBuilder AddLlmCostTrackingCore(this IServiceCollection services, out LlmCostConfigurationSources sources)
    {
        ArgumentNullException.ThrowIfNull(services);
        LlmCostTrackingBuilder builder = new(services);
        if (services.FirstOrDefault(d => d.ServiceType == typeof(LlmCostConfigurationSources))?.ImplementationInstance is LlmCostConfigurationSources registered)
        {
            sources = registered;
            return builder;
        }

        sources = new LlmCostConfigurationSources();
        services.AddSingleton(sources);
        services.AddOptions<LlmCostTrackingOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<LlmCostTrackingOptions>, LlmCostTrackingOptionsValidator>();
        services.AddSingleton<LlmCostPipeline>(LlmCostPipelineFactory.Create);
        services.AddHostedService<LlmCostTrackingLifetime>();
        return builder;
    }
}
