using System;
using CostInstrumentation;
using CostInstrumentation.Hosting.ChatClients;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.AI;

/// <summary>
/// Adds <see cref="CostTrackingChatClient"/> to an <c>IChatClient</c> pipeline; in Microsoft.Extensions.AI's namespace,
/// beside <c>UseOpenTelemetry()</c> and <c>UseLogging()</c>.
/// </summary>
public static class CostTrackingChatClientBuilderExtensions
{
    /// <summary>
    /// Records every call through the pipeline as a <see cref="MeteredLlmCallAttribute"/> method's call is recorded. It
    /// records to <see cref="CostTrackingChatClientOptions.Pipeline"/>, else to the <see cref="LlmCostPipeline"/> registered
    /// in the services the pipeline is built with, else to the process-wide one. Registered twice, it meters once.
    /// </summary>
    public static ChatClientBuilder UseCostTracking(this ChatClientBuilder builder, Action<CostTrackingChatClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((innerClient, services) =>
        {
            if (innerClient.GetService<CostTrackingChatClient>() is not null)
            {
                return innerClient; // Already metered further in: a second layer would only defer to it.
            }

            CostTrackingChatClientOptions options = new();
            configure?.Invoke(options);
            options.Pipeline ??= services.GetService<LlmCostPipeline>();
            return new CostTrackingChatClient(innerClient, options);
        });
    }
}
