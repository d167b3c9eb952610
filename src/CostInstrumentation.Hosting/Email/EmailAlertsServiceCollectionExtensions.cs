using System;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CostInstrumentation.Hosting.Email;

/// <summary>Registers e-mail alerts and digests: <c>services.AddLlmCostEmailAlerts(configuration.GetSection("CostInstrumentation:Email"))</c>.</summary>
public static class EmailAlertsServiceCollectionExtensions
{
    /// <summary>The sub-section of <c>CostInstrumentation</c> that <c>AddLlmCostTracking</c> passes here when present.</summary>
    public const string SectionName = "Email";

    /// <summary>
    /// Binds <see cref="EmailAlertOptions"/> from <paramref name="section"/> (an unknown key is an error, so a typo does not
    /// pass silently), validates them when the host starts (a bad value stops it with a message naming the key), and
    /// registers <see cref="LlmCostEmail"/> and the digest's hosted service. The pipeline <c>AddLlmCostTracking</c> builds
    /// sends its budget alerts by e-mail too (a pipeline built otherwise: <see cref="UseEmailAlerts(LlmCostOptions, IServiceProvider)"/>),
    /// and a digest with no <c>Digest:Database</c> reads the <c>SqlitePath</c> that cost tracking records to.
    /// </summary>
    public static IServiceCollection AddLlmCostEmailAlerts(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<EmailAlertOptions>().Bind(section, binder => binder.ErrorOnUnknownConfiguration = true);
        return AddCore(services, section is IConfigurationSection { Path: { Length: > 0 } path } ? path : "Email");
    }

    /// <summary>As <see cref="AddLlmCostEmailAlerts(IServiceCollection, IConfiguration)"/>, with the options set in code (keys named <c>Email:…</c> in messages).</summary>
    public static IServiceCollection AddLlmCostEmailAlerts(this IServiceCollection services, Action<EmailAlertOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<EmailAlertOptions>().Configure(configure);
        return AddCore(services, "Email");
    }

    /// <summary>
    /// Delivers budget alerts by e-mail when <see cref="AddLlmCostEmailAlerts(IServiceCollection, IConfiguration)"/> was
    /// called (else nothing): for the code that builds the pipeline from dependency injection.
    /// </summary>
    public static LlmCostOptions UseEmailAlerts(this LlmCostOptions options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        return services.GetService<EmailAlertsRegistration>() is null ? options : options.UseEmailAlerts(services.GetRequiredService<IOptions<EmailAlertOptions>>().Value);
    }

    /// <summary>Delivers every budget alert by e-mail with <paramref name="email"/> (checked now: a bad value throws, naming its key).</summary>
    public static LlmCostOptions UseEmailAlerts(this LlmCostOptions options, EmailAlertOptions email)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(email);
        EmailAlertOptionsValidator.ThrowIfInvalid(email);
        return options.AddAlertChannel(errors => new SmtpAlertChannel(email, errors));
    }

    private static IServiceCollection AddCore(IServiceCollection services, string sectionPath)
    {
        if (!services.Any(d => d.ServiceType == typeof(EmailAlertsRegistration)))
        {
            // Once however many times it is called: a second channel would send every alert twice.
            services.AddSingleton(new LlmCostOptionsSetup(static (provider, options) => options.UseEmailAlerts(provider)));
        }

        services.AddOptions<EmailAlertOptions>()
            .PostConfigure<IOptions<LlmCostTrackingOptions>>(static (email, tracking) =>
            {
                if (email.Digest.Schedule != EmailDigestSchedule.Off && string.IsNullOrWhiteSpace(email.Digest.Database))
                {
                    email.Digest.Database = tracking.Value.SqlitePath;
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailAlertOptions>>(new EmailAlertOptionsValidator(sectionPath)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EmailAlertsRegistration>();
        services.TryAddSingleton(provider => new LlmCostEmail(
            provider.GetRequiredService<IOptions<EmailAlertOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<LlmCostPipeline>));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EmailDigestService>());
        return services;
    }

    /// <summary>Says that <c>AddLlmCostEmailAlerts</c> was called, without building anything.</summary>
    private sealed class EmailAlertsRegistration;
}
