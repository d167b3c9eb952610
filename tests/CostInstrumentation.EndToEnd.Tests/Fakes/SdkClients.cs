using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Anthropic.Core;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Responses;

namespace CostInstrumentation.EndToEnd.Tests.Fakes;

/// <summary>
/// Real SDK clients pointed at the loopback servers: no retries, short timeouts, dummy keys.
/// </summary>
public static class SdkClients
{
    public const string OpenAiApiKey = "sk-loopback-test";
    public const string AnthropicApiKey = "sk-ant-loopback-test";

    /// <summary>Default per-request timeout for SDK clients talking to the loopback servers.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static OpenAIClientOptions OpenAiOptions(OpenAiLoopbackServer server, TimeSpan? timeout = null) => new()
    {
        Endpoint = server.OpenAiEndpoint,
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        NetworkTimeout = timeout ?? DefaultTimeout,
    };

    /// <summary>A real <see cref="ChatClient"/> for <paramref name="model"/> talking to <paramref name="server"/>.</summary>
    public static ChatClient CreateOpenAiChatClient(OpenAiLoopbackServer server, string model = "gpt-4o", TimeSpan? timeout = null) =>
        new(model, new ApiKeyCredential(OpenAiApiKey), OpenAiOptions(server, timeout));

    /// <summary>A real <see cref="OpenAIClient"/> (factory for chat/responses clients) talking to <paramref name="server"/>.</summary>
    public static OpenAIClient CreateOpenAiClient(OpenAiLoopbackServer server, TimeSpan? timeout = null) =>
        new(new ApiKeyCredential(OpenAiApiKey), OpenAiOptions(server, timeout));

#pragma warning disable OPENAI001 // ResponsesClient is [Experimental("OPENAI001")] in OpenAI 2.10.0.
    /// <summary>A real <see cref="ResponsesClient"/> (Responses API) talking to <paramref name="server"/>.</summary>
    /// <remarks>Made by the <see cref="OpenAIClient"/>: its constructor's options type changed in OpenAI 2.15.</remarks>
    public static ResponsesClient CreateOpenAiResponsesClient(OpenAiLoopbackServer server, TimeSpan? timeout = null) =>
        CreateOpenAiClient(server, timeout).GetResponsesClient();
#pragma warning restore OPENAI001

    /// <summary>A real <see cref="AnthropicClient"/> talking to <paramref name="server"/>.</summary>
    public static AnthropicClient CreateAnthropicClient(AnthropicLoopbackServer server, TimeSpan? timeout = null) =>
        new(new ClientOptions
        {
            BaseUrl = server.BaseUrl,
            ApiKey = AnthropicApiKey,
            MaxRetries = 0,
            Timeout = timeout ?? DefaultTimeout,
        });

    /// <summary>
    /// The Anthropic SDK's own <see cref="IChatClient"/> adapter (<c>Microsoft.Extensions.AI.AnthropicClientExtensions.AsIChatClient</c>,
    /// shipped in the Anthropic package) over a real client talking to <paramref name="server"/>.
    /// </summary>
    public static IChatClient CreateAnthropicChatClient(AnthropicLoopbackServer server, string defaultModelId = "claude-sonnet-4-5", int defaultMaxOutputTokens = 256, TimeSpan? timeout = null) =>
        CreateAnthropicClient(server, timeout).AsIChatClient(defaultModelId, defaultMaxOutputTokens);
}
