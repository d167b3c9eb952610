namespace CostInstrumentation.Hosting.ChatClients;

/// <summary>
/// What <see cref="CostTrackingChatClient"/> records for calls through one <c>IChatClient</c> pipeline: the named values of
/// <see cref="MeteredLlmCallAttribute"/>, for code that cannot carry the attribute. Per call, <see cref="LlmCostContext"/>
/// adds the project, session and tags of its scope.
/// </summary>
public sealed class CostTrackingChatClientOptions
{
    /// <summary>The provider recorded; default: the inner client's <c>ChatClientMetadata.ProviderName</c>, else the price table's.</summary>
    public string? Provider { get; set; }

    /// <summary>The project recorded (before <see cref="LlmCostContext"/>'s and the pipeline's default project).</summary>
    public string? Project { get; set; }

    /// <summary>Tags added to every call.</summary>
    public string[]? Tags { get; set; }

    /// <summary>
    /// The service tier the calls are billed at (<c>batch</c>, <c>flex</c>, <c>priority</c>); a call overrides it with
    /// <c>ChatOptions.AdditionalProperties["service_tier"]</c>.
    /// </summary>
    public string? ServiceTier { get; set; }

    /// <summary>
    /// The pipeline calls are recorded to; default: the one registered in the service provider the pipeline is built with,
    /// else the process-wide one of <see cref="LlmCostTracker.Configure"/>.
    /// </summary>
    public LlmCostPipeline? Pipeline { get; set; }
}
