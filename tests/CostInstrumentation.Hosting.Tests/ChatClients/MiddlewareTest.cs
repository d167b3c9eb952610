using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Threading.Tasks;
using CostInstrumentation.EndToEnd.Tests.Fakes;
using CostInstrumentation.Hosting.ChatClients;
using Microsoft.Extensions.AI;
using OpenAI;

namespace CostInstrumentation.Hosting.Tests.ChatClients;

/// <summary>
/// A loopback OpenAI server, the real OpenAI SDK behind Microsoft.Extensions.AI.OpenAI's <see cref="IChatClient"/>, and a
/// pipeline of the test's own recording to memory. Rates (per million tokens, pricing/hosting-pricing.json): mw-gpt input 2,
/// cache read 0.5, output 8, reasoning 12 (priority: 4 and 16); mw-mini input 0.5, output 2; mw-claude input 3, cache read
/// 0.3, cache write 3.75, output 15.
/// </summary>
public abstract class MiddlewareTest : IAsyncLifetime
{
    private readonly List<LlmCostErrorEventArgs> _errors = [];

    protected OpenAiLoopbackServer Server { get; private set; } = null!;

    protected InMemoryCostSink Sink { get; } = new();

    protected LlmCostPipeline Pipeline { get; private set; } = null!;

    protected IReadOnlyList<LlmCostErrorEventArgs> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    public async Task InitializeAsync()
    {
        Server = await OpenAiLoopbackServer.StartAsync();
        Pipeline = LlmCostPipeline.Create(Configure);
        Pipeline.Error += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add(error);
            }
        };
    }

    public virtual async Task DisposeAsync()
    {
        await Pipeline.DisposeAsync();
        await Server.DisposeAsync();
    }

    /// <summary>The pipeline's options: the in-memory sink, plus what a test adds.</summary>
    protected virtual void Configure(LlmCostOptions options) => options.AddSink(Sink);

    /// <summary>The OpenAI SDK's chat client for <paramref name="model"/>, as Microsoft.Extensions.AI.OpenAI adapts it.</summary>
    protected IChatClient OpenAi(string model = "mw-gpt") =>
        new OpenAI.Chat.ChatClient(model, new ApiKeyCredential("sk-loopback-test"), new OpenAIClientOptions
        {
            Endpoint = Server.OpenAiEndpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(15),
        }).AsIChatClient();

    /// <summary><paramref name="inner"/> with cost tracking into <see cref="Pipeline"/>.</summary>
    protected IChatClient Tracked(IChatClient inner, Action<CostTrackingChatClientOptions>? configure = null) =>
        inner.AsBuilder().UseCostTracking(options =>
        {
            options.Pipeline = Pipeline;
            configure?.Invoke(options);
        }).Build();

    protected LlmCallRecord SingleRecord() => Assert.Single(Sink.Records);

    protected static async Task<List<ChatResponseUpdate>> DrainAsync(IAsyncEnumerable<ChatResponseUpdate> stream)
    {
        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in stream)
        {
            updates.Add(update);
        }

        return updates;
    }
}
