using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace CostInstrumentation.Hosting.ChatClients;

/// <summary>
/// Meters every call through an <c>IChatClient</c> pipeline exactly as a generated shim meters a
/// <see cref="MeteredLlmCallAttribute"/> method, on the same run-time path: budgets checked before the call (a hard limit
/// refuses it or switches <c>ChatOptions.ModelId</c> to the budget's fallback), the usage read from the response or the
/// stream's <see cref="UsageContent"/>, priced by the model's name at run time (unknown models recorded with an unknown
/// cost and reported once), streams abandoned early recorded as the shims record them. A call that a shim around it
/// meters is recorded once, by the shim.
/// </summary>
public sealed class CostTrackingChatClient : DelegatingChatClient
{
    /// <summary>The <c>ChatOptions.AdditionalProperties</c> key naming the service tier one call is billed at.</summary>
    public const string ServiceTierKey = "service_tier";

    /// <summary>The operation recorded for <see cref="GetResponseAsync"/>.</summary>
    public const string ResponseOperation = "Microsoft.Extensions.AI.IChatClient.GetResponseAsync";

    /// <summary>The operation recorded for <see cref="GetStreamingResponseAsync"/>.</summary>
    public const string StreamingOperation = "Microsoft.Extensions.AI.IChatClient.GetStreamingResponseAsync";

    private readonly CostTrackingChatClientOptions _options;
    private readonly string? _provider;
    private readonly string? _defaultModel;
    private readonly string _callSite;
    private readonly MeteredCallSite _responseSite;
    private readonly MeteredCallSite _streamingSite;
    private readonly ConcurrentDictionary<(string Operation, string Tier), MeteredCallSite> _tierSites = new();

    /// <summary>Meters the calls of <paramref name="innerClient"/>.</summary>
    public CostTrackingChatClient(IChatClient innerClient, CostTrackingChatClientOptions? options = null)
        : base(innerClient)
    {
        _options = options ?? new CostTrackingChatClientOptions();
        ChatClientMetadata? metadata = innerClient.GetService<ChatClientMetadata>();
        _provider = _options.Provider ?? metadata?.ProviderName;
        _defaultModel = metadata?.DefaultModelId;
        // No file and line to name: the endpoint tells pipelines apart (its path only: a query may carry a key).
        _callSite = metadata?.ProviderUri is { } endpoint ? endpoint.GetLeftPart(UriPartial.Path) : nameof(IChatClient);
        _responseSite = Site(ResponseOperation, _options.ServiceTier);
        _streamingSite = Site(StreamingOperation, _options.ServiceTier);
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        LlmCostPipeline pipeline = _options.Pipeline ?? LlmCallMeter.Current;
        MeteredCallSite site = SiteFor(_responseSite, options);
        string? requestModel = options?.ModelId ?? _defaultModel;
        // In this async method the call's marker stays with its own flow: the caller never sees it.
        LlmAdmission admission = pipeline.Admit(site, requestModel, sessionId: null);
        long start = LlmCallMeter.Start();
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, WithModel(options, requestModel, admission), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (ObserveFailure(pipeline, site, start, exception, admission))
        {
            throw; // Unreachable: the filter records the failure and returns false.
        }

        pipeline.Completed(site, start, ChatUsage.Of(response.Usage), admission.Model, response.ModelId, sessionId: null, admission);
        return response;
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        LlmCostPipeline pipeline = _options.Pipeline ?? LlmCallMeter.Current;
        MeteredCallSite site = SiteFor(_streamingSite, options);
        string? requestModel = options?.ModelId ?? _defaultModel;
        LlmAdmission admission = pipeline.Admit(site, requestModel, sessionId: null);
        long start = LlmCallMeter.Start();
        IAsyncEnumerable<ChatResponseUpdate> stream;
        try
        {
            stream = base.GetStreamingResponseAsync(messages, WithModel(options, requestModel, admission), cancellationToken);
        }
        catch (Exception exception) when (ObserveFailure(pipeline, site, start, exception, admission))
        {
            throw; // Unreachable: the filter records the failure and returns false.
        }
        finally
        {
            LlmCallMeter.Leave(admission); // As a shim does: the stream carries the marker into its enumeration.
        }

        return MeteredStream.Wrap(stream, site, start, admission.Model, sessionId: null, ChatUsage.OfUpdate, admission, pipeline);
    }

    private static bool ObserveFailure(LlmCostPipeline pipeline, MeteredCallSite site, long start, Exception exception, LlmAdmission admission)
    {
        pipeline.Failed(site, start, exception, admission.Model, sessionId: null, admission);
        return false;
    }

    /// <summary>The options the call is made with: the budget's fallback model when a hard limit switched it.</summary>
    private static ChatOptions? WithModel(ChatOptions? options, string? requestModel, LlmAdmission admission)
    {
        if (admission.Model is not { } model || model == requestModel)
        {
            return options;
        }

        ChatOptions switched = options?.Clone() ?? new ChatOptions();
        switched.ModelId = model;
        return switched;
    }

    private MeteredCallSite SiteFor(MeteredCallSite standard, ChatOptions? options) =>
        options?.AdditionalProperties is { } properties && properties.TryGetValue(ServiceTierKey, out string? tier) && tier != _options.ServiceTier && tier is not null
            ? _tierSites.GetOrAdd((standard.Operation, tier), key => Site(key.Operation, key.Tier))
            : standard;

    private MeteredCallSite Site(string operation, string? serviceTier) =>
        MeteredCallSite.ForMiddleware(operation, _callSite, _provider, _options.Project, _options.Tags, serviceTier);
}
