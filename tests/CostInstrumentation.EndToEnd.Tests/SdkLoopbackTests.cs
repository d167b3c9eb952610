using System;
using System.ClientModel;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using CostInstrumentation.EndToEnd.Tests.Fakes;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using OpenAI.Responses;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiChatRole = Microsoft.Extensions.AI.ChatRole;
using OpenAiChatMessage = OpenAI.Chat.ChatMessage;

namespace CostInstrumentation.EndToEnd.Tests;

/// <summary>
/// Proves the loopback fakes are faithful: the real SDKs parse what they send into the usage objects the
/// code generator reads.
/// </summary>
public sealed class SdkLoopbackTests
{
    private static readonly OpenAiChatMessage[] Prompt = { new UserChatMessage("Say hello.") };

    // =================================================================== OpenAI chat completions

    [Fact]
    public async Task OpenAi_CompleteChatAsync_ReturnsScriptedUsageAndModel()
    {
        await using OpenAiLoopbackServer server = await OpenAiLoopbackServer.StartAsync();
        server.EnqueueCompletion("gpt-4o-2024-08-06", "Hello there.", new OpenAiUsage(1200, 300, CachedTokens: 1024, ReasoningTokens: 128));
        ChatClient client = SdkClients.CreateOpenAiChatClient(server, "gpt-4o");

        ClientResult<ChatCompletion> result = await client.CompleteChatAsync(Prompt);
        ChatCompletion completion = result.Value;

        Assert.Equal("gpt-4o-2024-08-06", completion.Model);
        Assert.Equal("Hello there.", completion.Content[0].Text);
        ChatTokenUsage usage = completion.Usage;
        Assert.Equal(1200, usage.InputTokenCount);
        Assert.Equal(300, usage.OutputTokenCount);
        Assert.Equal(1500, usage.TotalTokenCount);
        Assert.Equal(1024, usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(128, usage.OutputTokenDetails.ReasoningTokenCount);
        Assert.Equal(200, result.GetRawResponse().Status);

        RecordedRequest request = server.LastRequest;
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer " + SdkClients.OpenAiApiKey, request.Headers["Authorization"]);
        Assert.Equal("gpt-4o", request.Json!.Value.GetProperty("model").GetString());
        Assert.False(request.IsStreaming);
    }

    [Fact]
    public async Task OpenAi_CompleteChat_Sync_ReturnsScriptedUsage()
    {
        await using OpenAiLoopbackServer server = await OpenAiLoopbackServer.StartAsync();
        server.EnqueueCompletion("gpt-4o-mini-2024-07-18", "Hi.", new OpenAiUsage(10, 2));
        ChatClient client = SdkClients.CreateOpenAiChatClient(server, "gpt-4o-mini");

        ChatCompletion completion = client.CompleteChat(Prompt).Value;

        Assert.Equal("gpt-4o-mini-2024-07-18", completion.Model);
        Assert.Equal(10, completion.Usage.InputTokenCount);
        Assert.Equal(2, completion.Usage.OutputTokenCount);
        Assert.Equal(0, completion.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(0, completion.Usage.OutputTokenDetails.ReasoningTokenCount);
    }

    [Fact]
    public async Task OpenAi_UsageWithoutDetails_DetailsObjectsAreNull()
    {
        await using OpenAiLoopbackServer server = await OpenAiLoopbackServer.StartAsync();
        server.EnqueueCompletion("gpt-3.5-turbo-0125", "Hi.", new OpenAiUsage(10, 2, CachedTokens: null, ReasoningTokens: null));
        ChatClient client = SdkClients.CreateOpenAiChatClient(server, "gpt-3.5-turbo");

        ChatCompletion completion = (await client.CompleteChatAsync(Prompt)).Value;

        Assert.Equal(10, completion.Usage.InputTokenCount);
        Assert.Null(completion.Usage.InputTokenDetails);
        Assert.Null(completion.Usage.OutputTokenDetails);
    }

    [Fact]
    public async Task OpenAi_ResponseWithoutUsage_UsageIsNull()
    {
        await using OpenAiLoopbackServer server = await OpenAiLoopbackServer.StartAsync();
        server.EnqueueCompletion("gpt-4o-2024-08-06", "Hi.", usage: null);
        ChatClient client = SdkClients.CreateOpenAiChatClient(server);

        ChatCompletion completion = (await client.CompleteChatAsync(Prompt)).Value;

        Assert.Null(completion.Usage);
        Assert.Equal("gpt-4o-2024-08-06", completion.Model);
    }

    [Fact]
    public async Task OpenAi_CompleteChatStreamingAsync_RequestsUsage_AndLastUpdateCarriesIt()
    {
        await using OpenAiLoopbackServer server = await OpenAiLoopbackServer.StartAsync();
        server.Enqueue(new OpenAiReply
        {
            Model = "gpt-4o-2024-08-06",
            Content = "Streaming hello.",
            Usage = new OpenAiUsage(900, 45, CachedTokens: 512, ReasoningTokens: 9),
            StreamChunkCount = 4,
        });
        ChatClient client = SdkClients.CreateOpenAiChatClient(server);

        var updates = new List<StreamingChatCompletionUpdate>();
        AsyncCollectionResult<StreamingChatCompletionUpdate> stream = client.CompleteChatStreamingAsync(Prompt);
        await foreach (StreamingChatCompletionUpdate update in stream)
        {
            updates.Add(update);
        }

        // The SDK itself asks for usage: stream=true and stream_options.include_usage=true.
        JsonElement body = server.LastRequest.Json!.Value;
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());

        // role chunk + 4 content chunks + finish chunk + usage chunk
        Assert.Equal(7, updates.Count);
        Assert.Equal("Streaming hello.", string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
        Assert.All(updates, u => Assert.Equal("gpt-4o-2024-08-06", u.Model));
        Assert.All(updates.Take(updates.Count - 1), u => Assert.Null(u.Usage));
        Assert.Equal(OpenAI.Chat.ChatFinishReason.Stop, updates[^2].FinishReason);

        StreamingChatCompletionUpdate last = updates[^1];
        Assert.NotNull(last.Usage);
        Assert.Equal(900, last.Usage.InputTokenCount);
        Assert.Equal(45, last.Usage.OutputTokenCount);
        Assert.Equal(945, last.Usage.TotalTokenCount);
        Assert.Equal(512, last.Usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(9, last.Usage.OutputTokenDetails.ReasoningTokenCount);
        Assert.Empty(last.ContentUpdate);
        Assert.Null(last.FinishReason);
    }

    [Fact]
    public async Task OpenAi_CompleteChatStreaming_Sync_LastUpdateCarriesUsage()
    {
        await using OpenAiLoopbackServer server = await OpenAiLoopbackServer.StartAsync();
        server.EnqueueCompletion("gpt-4o-2024-08-06", "Sync stream.", new OpenAiUsage(30, 4));
        ChatClient client = SdkClients.CreateOpenAiChatClient(server);

        CollectionResult<StreamingChatCompletionUpdate> stream = client.CompleteChatStreaming(Prompt);
        List<StreamingChatCompletionUpdate> updates = stream.ToList();

        Assert.Equal(30, updates[^1].Usage.InputTokenCount);
        Assert.Equal(4, updates[^1].Usage.OutputTokenCount);
    }

    [Fact]
    public async Task OpenAi_StreamWithoutUsageChunk_NoUpdateCarriesUsage()
    {
        await using OpenAiLoopbackServer server = await OpenAiLoopbackServer.StartAsync();
        server.Enqueue(new OpenAiReply { Content = "No usage.", ForceStreamUsage = false });
        ChatClient client = SdkClients.CreateOpenAiChatClient(server);

        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (StreamingChatCompletionUpdate update in client.CompleteChatStreamingAsync(Prompt))
        {
            updates.Add(update);
        }

        Assert.NotEmpty(updates);
        Assert.All(updates, u => Assert.Null(u.Usage));
    }

    [Fact]
    public async Task OpenAi_StreamAbortedMidway_ThrowsIOExceptionFromEnumeration()
    {
        await using OpenAiLoopbackServer server = await OpenAiLoopbackServer.StartAsync();
        server.Enqueue(new OpenAiReply { Content = "This stream will break.", StreamChunkCount = 4, AbortStreamAfterChunks = 2 });
        ChatClient client = SdkClients.CreateOpenAiChatClient(server);

        var updates = new List<StreamingChatCompletionUpdate>();
        await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            await foreach (StreamingChatCompletionUpdate update in client.CompleteChatStreamingAsync(Prompt))
            {
                updates.Add(update);
            }
        });

        // Normally role chunk + 2 content chunks arrive before the reset; a reset can discard unread bytes, so
        // only the upper bound is asserted.
        Assert.InRange(updates.Count, 0, 3);
        Assert.All(updates, u => Assert.Null(u.Usage));
    }

    [Fact]
    public async Task OpenAi_StreamTruncated_EndsSilentlyWithoutUsage()
    {
        await using OpenAiLoopbackServer server = await OpenAiLoopbackServer.StartAsync();
        server.Enqueue(new OpenAiReply { Content = "This stream will stop.", StreamChunkCount = 4, AbortStreamAfterChunks = 2, TruncateInsteadOfAbort = true });
        ChatClient client = SdkClients.CreateOpenAiChatClient(server);

        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (StreamingChatCompletionUpdate update in client.CompleteChatStreamingAsync(Prompt))
        {
            updates.Add(update);
        }

        // No [DONE], no finish chunk, no usage chunk, and no exception either.
        Assert.Equal(3, updates.Count);
        Assert.All(updates, u => Assert.Null(u.Usage));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.BadRequest)]
    public async Task OpenAi_HttpError_SurfacesAsClientResultException(HttpStatusCode status)
    {
        await using OpenAiLoopbackServer server = await OpenAiLoopbackServer.StartAsync();
        server.EnqueueError(status, "scripted failure");
        ChatClient client = SdkClients.CreateOpenAiChatClient(server);

        ClientResultException ex = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync(Prompt));

        Assert.Equal((int)status, ex.Status);
        Assert.Contains("scripted failure", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests); // no retries
    }

    [Fact]
    public async Task OpenAi_HttpError_OnStreamingCall_SurfacesAsClientResultException()
    {
        await using OpenAiLoopbackServer server = await OpenAiLoopbackServer.StartAsync();
        server.EnqueueError(HttpStatusCode.InternalServerError);
        ChatClient client = SdkClients.CreateOpenAiChatClient(server);

        ClientResultException ex = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (StreamingChatCompletionUpdate _ in client.CompleteChatStreamingAsync(Prompt))
            {
            }
        });

        Assert.Equal(500, ex.Status);
    }

    [Fact]
    public async Task OpenAi_EmptyScript_Answers500()
    {
        await using OpenAiLoopbackServer server = await OpenAiLoopbackServer.StartAsync();
        ChatClient client = SdkClients.CreateOpenAiChatClient(server);

        ClientResultException ex = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync(Prompt));

        Assert.Equal(500, ex.Status);
        Assert.Contains("no scripted reply", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAi_ClientFromOpenAIClient_UsesSameEndpoint()
    {
        await using OpenAiLoopbackServer server = await OpenAiLoopbackServer.StartAsync();
        server.EnqueueCompletion("gpt-4.1-2025-04-14", "Hi.", new OpenAiUsage(5, 1));

        ChatClient client = SdkClients.CreateOpenAiClient(server).GetChatClient("gpt-4.1");
        ChatCompletion completion = (await client.CompleteChatAsync(Prompt)).Value;

        Assert.Equal("gpt-4.1-2025-04-14", completion.Model);
        Assert.Equal("/v1/chat/completions", server.LastRequest.Path);
    }

    // =================================================================== OpenAI responses

#pragma warning disable OPENAI001 // the Responses API surface is [Experimental("OPENAI001")] in OpenAI 2.10.0
    [Fact]
    public async Task OpenAi_Responses_CreateResponseAsync_ReturnsScriptedUsageAndModel()
    {
        await using OpenAiLoopbackServer server = await OpenAiLoopbackServer.StartAsync();
        server.EnqueueCompletion("gpt-4.1-2025-04-14", "Responses hello.", new OpenAiUsage(2000, 150, CachedTokens: 1536, ReasoningTokens: 64));
        ResponsesClient client = SdkClients.CreateOpenAiResponsesClient(server);

        ClientResult<ResponseResult> result = await client.CreateResponseAsync("gpt-4.1", "Say hello.");
        ResponseResult response = result.Value;

        Assert.Equal("/v1/responses", server.LastRequest.Path);
        Assert.Equal("gpt-4.1-2025-04-14", response.Model);
        Assert.Equal("Responses hello.", response.GetOutputText());
        ResponseTokenUsage usage = response.Usage;
        Assert.Equal(2000, usage.InputTokenCount);
        Assert.Equal(150, usage.OutputTokenCount);
        Assert.Equal(2150, usage.TotalTokenCount);
        Assert.Equal(1536, usage.InputTokenDetails.CachedTokenCount);
        Assert.Equal(64, usage.OutputTokenDetails.ReasoningTokenCount);
    }

    [Fact]
    public async Task OpenAi_Responses_Streaming_CompletedUpdateCarriesUsage()
    {
        await using OpenAiLoopbackServer server = await OpenAiLoopbackServer.StartAsync();
        server.EnqueueCompletion("gpt-4.1-2025-04-14", "Streamed response.", new OpenAiUsage(700, 30, CachedTokens: 0, ReasoningTokens: 0));
        ResponsesClient client = SdkClients.CreateOpenAiResponsesClient(server);

        var updates = new List<StreamingResponseUpdate>();
#if PREVIOUS_SDKS
        AsyncCollectionResult<StreamingResponseUpdate> stream = client.CreateResponseStreamingAsync("gpt-4.1", "Say hello.");
#else
        // OpenAI 2.15 sends the request before handing back the stream.
        AsyncStreamingResult<StreamingResponseUpdate> stream = await client.CreateResponseStreamingAsync("gpt-4.1", "Say hello.");
#endif
        await foreach (StreamingResponseUpdate update in stream)
        {
            updates.Add(update);
        }

        Assert.True(server.LastRequest.IsStreaming);
        Assert.IsType<StreamingResponseCreatedUpdate>(updates[0]);
        Assert.Equal(
            "Streamed response.",
            string.Concat(updates.OfType<StreamingResponseOutputTextDeltaUpdate>().Select(d => d.Delta)));
        StreamingResponseCompletedUpdate completed = Assert.IsType<StreamingResponseCompletedUpdate>(updates[^1]);
        Assert.Equal("gpt-4.1-2025-04-14", completed.Response.Model);
        Assert.Equal(700, completed.Response.Usage.InputTokenCount);
        Assert.Equal(30, completed.Response.Usage.OutputTokenCount);
        Assert.Null(((StreamingResponseCreatedUpdate)updates[0]).Response.Usage);
    }
#pragma warning restore OPENAI001

    // =================================================================== Anthropic messages

    private static MessageCreateParams AnthropicParams(string model = "claude-sonnet-4-5") => new()
    {
        MaxTokens = 256,
        Model = model,
        Messages = [AnthropicMessages.User("Say hello.")],
    };

    [Fact]
    public async Task Anthropic_MessagesCreate_ReturnsScriptedUsageAndModel()
    {
        await using AnthropicLoopbackServer server = await AnthropicLoopbackServer.StartAsync();
        server.EnqueueMessage("claude-sonnet-4-5-20250929", "Hello from Claude.", new AnthropicUsage(InputTokens: 50, OutputTokens: 200, CacheReadInputTokens: 3000, CacheCreationInputTokens: 1000));
        using AnthropicClient client = SdkClients.CreateAnthropicClient(server);

        Message message = await client.Messages.Create(AnthropicParams());

        string model = message.Model; // ApiEnum<string, Model> converts implicitly to the raw string
        Assert.Equal("claude-sonnet-4-5-20250929", model);
        Assert.Equal("claude-sonnet-4-5-20250929", message.Model.Raw());
        Usage usage = message.Usage;
        Assert.Equal(50L, usage.InputTokens);
        Assert.Equal(200L, usage.OutputTokens);
        Assert.Equal(3000L, usage.CacheReadInputTokens);
        Assert.Equal(1000L, usage.CacheCreationInputTokens);
        Assert.True(message.Content[0].TryPickText(out TextBlock? text));
        Assert.Equal("Hello from Claude.", text!.Text);

        RecordedRequest request = server.LastRequest;
        Assert.Equal("/v1/messages", request.Path);
#if PREVIOUS_SDKS
        Assert.Equal(SdkClients.AnthropicApiKey, request.Headers["x-api-key"]);
#else
        Assert.Equal("Bearer " + SdkClients.AnthropicApiKey, request.Headers["Authorization"]); // Anthropic 13 sends the key as a bearer token
#endif
        Assert.True(request.Headers.ContainsKey("anthropic-version"));
        Assert.Equal("claude-sonnet-4-5", request.Json!.Value.GetProperty("model").GetString());
        Assert.False(request.IsStreaming);
    }

    [Fact]
    public async Task Anthropic_UsageWithoutCacheFields_CacheCountsAreNull()
    {
        await using AnthropicLoopbackServer server = await AnthropicLoopbackServer.StartAsync();
        server.EnqueueMessage("claude-haiku-4-5-20251001", "Hi.", new AnthropicUsage(10, 3, CacheReadInputTokens: null, CacheCreationInputTokens: null));
        using AnthropicClient client = SdkClients.CreateAnthropicClient(server);

        Message message = await client.Messages.Create(AnthropicParams("claude-haiku-4-5"));

        Assert.Equal(10L, message.Usage.InputTokens);
        Assert.Null(message.Usage.CacheReadInputTokens);
        Assert.Null(message.Usage.CacheCreationInputTokens);
    }

    [Fact]
    public async Task Anthropic_CreateStreaming_YieldsStartAndDeltaUsage()
    {
        await using AnthropicLoopbackServer server = await AnthropicLoopbackServer.StartAsync();
        server.Enqueue(new AnthropicReply
        {
            Model = "claude-opus-4-1-20250805",
            Content = "Streaming from Claude.",
            Usage = new AnthropicUsage(InputTokens: 25, OutputTokens: 80, CacheReadInputTokens: 400, CacheCreationInputTokens: 100),
            StreamChunkCount = 3,
        });
        using AnthropicClient client = SdkClients.CreateAnthropicClient(server);

        var events = new List<RawMessageStreamEvent>();
        await foreach (RawMessageStreamEvent evt in client.Messages.CreateStreaming(AnthropicParams("claude-opus-4-1")))
        {
            events.Add(evt);
        }

        Assert.True(server.LastRequest.IsStreaming);

        // message_start (ping is skipped by the SDK), content_block_start, 3 deltas, content_block_stop, message_delta, message_stop
        Assert.Equal(8, events.Count);
        Assert.True(events[0].TryPickStart(out RawMessageStartEvent? start));
        string startModel = start!.Message.Model;
        Assert.Equal("claude-opus-4-1-20250805", startModel);
        Assert.Equal(25L, start.Message.Usage.InputTokens);
        Assert.Equal(400L, start.Message.Usage.CacheReadInputTokens);
        Assert.Equal(100L, start.Message.Usage.CacheCreationInputTokens);
        Assert.Equal(1L, start.Message.Usage.OutputTokens);

        RawMessageDeltaEvent delta = Assert.Single(events.Select(e => e.TryPickDelta(out RawMessageDeltaEvent? d) ? d : null).OfType<RawMessageDeltaEvent>());
        MessageDeltaUsage deltaUsage = delta.Usage;
        Assert.Equal(80L, deltaUsage.OutputTokens);
        Assert.Equal(25L, deltaUsage.InputTokens);
        Assert.Equal(400L, deltaUsage.CacheReadInputTokens);
        Assert.Equal(100L, deltaUsage.CacheCreationInputTokens);
        Assert.True(events[^1].TryPickStop(out _));

        var text = new StringBuilder();
        foreach (RawMessageStreamEvent e in events)
        {
            if (e.TryPickContentBlockDelta(out RawContentBlockDeltaEvent? d) && d!.Delta.TryPickText(out TextDelta? t))
            {
                text.Append(t!.Text);
            }
        }

        Assert.Equal("Streaming from Claude.", text.ToString());
    }

    [Fact]
    public async Task Anthropic_CreateStreaming_OlderDeltaShape_OnlyOutputTokensInDelta()
    {
        await using AnthropicLoopbackServer server = await AnthropicLoopbackServer.StartAsync();
        server.Enqueue(new AnthropicReply { Usage = new AnthropicUsage(25, 80), DeltaUsageIncludesInput = false });
        using AnthropicClient client = SdkClients.CreateAnthropicClient(server);

        MessageDeltaUsage? deltaUsage = null;
        await foreach (RawMessageStreamEvent evt in client.Messages.CreateStreaming(AnthropicParams()))
        {
            if (evt.TryPickDelta(out RawMessageDeltaEvent? d))
            {
                deltaUsage = d!.Usage;
            }
        }

        Assert.NotNull(deltaUsage);
        Assert.Equal(80L, deltaUsage.OutputTokens);
        Assert.Null(deltaUsage.InputTokens);
        Assert.Null(deltaUsage.CacheReadInputTokens);
        Assert.Null(deltaUsage.CacheCreationInputTokens);
    }

    [Fact]
    public async Task Anthropic_CreateStreaming_Aggregate_MergesStartAndDeltaUsage()
    {
        await using AnthropicLoopbackServer server = await AnthropicLoopbackServer.StartAsync();
        server.Enqueue(new AnthropicReply
        {
            Content = "Aggregated.",
            Usage = new AnthropicUsage(InputTokens: 25, OutputTokens: 80, CacheReadInputTokens: 400, CacheCreationInputTokens: 100),
            DeltaUsageIncludesInput = false,
        });
        using AnthropicClient client = SdkClients.CreateAnthropicClient(server);

        Message message = await client.Messages.CreateStreaming(AnthropicParams()).Aggregate();

        Assert.Equal(25L, message.Usage.InputTokens);
        Assert.Equal(80L, message.Usage.OutputTokens);
        Assert.Equal(400L, message.Usage.CacheReadInputTokens);
        Assert.Equal(100L, message.Usage.CacheCreationInputTokens);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, typeof(Anthropic5xxException))]
    [InlineData(HttpStatusCode.TooManyRequests, typeof(AnthropicRateLimitException))]
    [InlineData(HttpStatusCode.BadRequest, typeof(AnthropicBadRequestException))]
#if PREVIOUS_SDKS
    [InlineData((HttpStatusCode)529, typeof(Anthropic5xxException))]
#else
    [InlineData((HttpStatusCode)529, typeof(AnthropicOverloadedException))] // Anthropic 13's own Anthropic5xxException
#endif
    public async Task Anthropic_HttpError_SurfacesAsAnthropicApiException(HttpStatusCode status, System.Type expected)
    {
        await using AnthropicLoopbackServer server = await AnthropicLoopbackServer.StartAsync();
        server.EnqueueError(status, "scripted failure");
        using AnthropicClient client = SdkClients.CreateAnthropicClient(server);

        AnthropicApiException ex = await Assert.ThrowsAnyAsync<AnthropicApiException>(() => client.Messages.Create(AnthropicParams()));

        Assert.IsType(expected, ex);
        Assert.Equal(status, ex.StatusCode);
        Assert.Contains("scripted failure", ex.ResponseBody, StringComparison.Ordinal);
        Assert.Single(server.Requests); // no retries
    }

    [Fact]
    public async Task Anthropic_HttpError_OnStreamingCall_SurfacesAsAnthropicApiException()
    {
        await using AnthropicLoopbackServer server = await AnthropicLoopbackServer.StartAsync();
        server.EnqueueError(HttpStatusCode.InternalServerError);
        using AnthropicClient client = SdkClients.CreateAnthropicClient(server);

        await Assert.ThrowsAsync<Anthropic5xxException>(async () =>
        {
            await foreach (RawMessageStreamEvent _ in client.Messages.CreateStreaming(AnthropicParams()))
            {
            }
        });
    }

    [Fact]
    public async Task Anthropic_StreamAbortedMidway_ThrowsIOExceptionFromEnumeration()
    {
        await using AnthropicLoopbackServer server = await AnthropicLoopbackServer.StartAsync();
        server.Enqueue(new AnthropicReply { Content = "This stream will break.", StreamChunkCount = 4, AbortStreamAfterChunks = 2 });
        using AnthropicClient client = SdkClients.CreateAnthropicClient(server);

        var events = new List<RawMessageStreamEvent>();
        await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            await foreach (RawMessageStreamEvent evt in client.Messages.CreateStreaming(AnthropicParams()))
            {
                events.Add(evt);
            }
        });

        // Normally message_start, content_block_start and 2 deltas arrive before the reset (upper bound only, see OpenAI twin).
        Assert.InRange(events.Count, 0, 4);
        Assert.DoesNotContain(events, e => e.TryPickDelta(out _));
    }

    [Fact]
    public async Task Anthropic_StreamTruncated_EndsSilentlyWithoutMessageDelta()
    {
        await using AnthropicLoopbackServer server = await AnthropicLoopbackServer.StartAsync();
        server.Enqueue(new AnthropicReply { Content = "This stream will stop.", StreamChunkCount = 4, AbortStreamAfterChunks = 2, TruncateInsteadOfAbort = true });
        using AnthropicClient client = SdkClients.CreateAnthropicClient(server);

        var events = new List<RawMessageStreamEvent>();
        await foreach (RawMessageStreamEvent evt in client.Messages.CreateStreaming(AnthropicParams()))
        {
            events.Add(evt);
        }

        Assert.Equal(4, events.Count);
        Assert.True(events[0].TryPickStart(out _));
        Assert.DoesNotContain(events, e => e.TryPickDelta(out _) || e.TryPickStop(out _));
    }

    [Fact]
    public async Task Anthropic_ModelApiEnum_ToStringIsJsonQuoted_UseImplicitStringOrRaw()
    {
        await using AnthropicLoopbackServer server = await AnthropicLoopbackServer.StartAsync();
        server.EnqueueMessage("claude-some-future-model-20990101", "x", new AnthropicUsage(1, 2));
        using AnthropicClient client = SdkClients.CreateAnthropicClient(server);

        Message message = await client.Messages.Create(AnthropicParams());

        Assert.Equal("\"claude-some-future-model-20990101\"", message.Model.ToString()); // pitfall: JSON text, quotes included
        Assert.Equal("claude-some-future-model-20990101", message.Model.Raw());
        string viaImplicit = message.Model;
        Assert.Equal("claude-some-future-model-20990101", viaImplicit);
        Assert.Equal((Model)(-1), message.Model.Value()); // unknown to the SDK's enum
    }

    // =================================================================== Anthropic's IChatClient adapter

    [Fact]
    public async Task Anthropic_AsIChatClient_MapsUsageToUsageDetails()
    {
        await using AnthropicLoopbackServer server = await AnthropicLoopbackServer.StartAsync();
        server.EnqueueMessage("claude-sonnet-4-5-20250929", "Adapter hello.", new AnthropicUsage(InputTokens: 50, OutputTokens: 200, CacheReadInputTokens: 3000, CacheCreationInputTokens: 1000));
        using IChatClient chat = SdkClients.CreateAnthropicChatClient(server);

        ChatResponse response = await chat.GetResponseAsync([new AiChatMessage(AiChatRole.User, "Say hello.")]);

        Assert.Equal("Adapter hello.", response.Text);
        Assert.Equal("claude-sonnet-4-5-20250929", response.ModelId);
        Assert.NotNull(response.Usage);
        Assert.Equal(200L, response.Usage.OutputTokenCount);
        Assert.Equal(3000L, response.Usage.CachedInputTokenCount);
        // Pinned observation (see /tmp/sdk-usage-shapes.md): what the adapter puts in InputTokenCount.
        Assert.Equal(AnthropicAdapterExpectedInput(50, 3000, 1000), response.Usage.InputTokenCount);
        Assert.Equal(4250L, response.Usage.TotalTokenCount);
        Assert.Null(response.Usage.ReasoningTokenCount);
        Assert.Equal(1000L, response.Usage.AdditionalCounts!["CacheCreationInputTokens"]);
        Assert.IsType<Message>(response.RawRepresentation);
    }

    [Fact]
    public async Task Anthropic_AsIChatClient_Streaming_EmitsUsageContent()
    {
        await using AnthropicLoopbackServer server = await AnthropicLoopbackServer.StartAsync();
        server.EnqueueMessage("claude-sonnet-4-5-20250929", "Adapter stream.", new AnthropicUsage(InputTokens: 50, OutputTokens: 200, CacheReadInputTokens: 3000, CacheCreationInputTokens: 1000));
        using IChatClient chat = SdkClients.CreateAnthropicChatClient(server);

        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync([new AiChatMessage(AiChatRole.User, "Say hello.")]))
        {
            updates.Add(update);
        }

        List<UsageContent> usages = updates.SelectMany(u => u.Contents).OfType<UsageContent>().ToList();
        Assert.NotEmpty(usages);
        ChatResponse merged = updates.ToChatResponse();
        Assert.NotNull(merged.Usage);
        Assert.Equal(200L, merged.Usage.OutputTokenCount);
        Assert.Equal(AnthropicAdapterExpectedInput(50, 3000, 1000), merged.Usage.InputTokenCount);
        Assert.Equal("Adapter stream.", merged.Text);
    }

    [Fact]
    public async Task Anthropic_AsIChatClient_Streaming_OlderDeltaShape()
    {
        // Anthropic 12's adapter builds the streaming UsageContent from message_delta's usage only; when the delta
        // carries just output_tokens (the older documented shape), InputTokenCount is null. Anthropic 13's keeps
        // message_start's input counts.
        await using AnthropicLoopbackServer server = await AnthropicLoopbackServer.StartAsync();
        server.Enqueue(new AnthropicReply { Usage = new AnthropicUsage(50, 200, 3000, 1000), DeltaUsageIncludesInput = false });
        using IChatClient chat = SdkClients.CreateAnthropicChatClient(server);

        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync([new AiChatMessage(AiChatRole.User, "Say hello.")]))
        {
            updates.Add(update);
        }

        UsageContent usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
#if PREVIOUS_SDKS
        Assert.Null(usage.Details.InputTokenCount);
        Assert.Null(usage.Details.CachedInputTokenCount);
#else
        Assert.Equal(AnthropicAdapterExpectedInput(50, 3000, 1000), usage.Details.InputTokenCount);
        Assert.Equal(3000L, usage.Details.CachedInputTokenCount);
#endif
        Assert.Equal(200L, usage.Details.OutputTokenCount);
    }

    /// <summary>The adapter reports Anthropic input as input + cache_read + cache_creation (canonical "all input").</summary>
    private static long AnthropicAdapterExpectedInput(long input, long cacheRead, long cacheWrite) => input + cacheRead + cacheWrite;

    // =================================================================== FakeChatClient

    [Fact]
    public async Task FakeChatClient_GetResponseAsync_ReturnsScriptedUsage()
    {
        using var chat = new FakeChatClient();
        chat.Enqueue(FakeChatReply.WithUsage("fake-model-2", "Fake hi.", input: 100, output: 20, cachedInput: 40, reasoning: 5));

        ChatResponse response = await chat.GetResponseAsync([new AiChatMessage(AiChatRole.User, "hi")]);

        Assert.Equal("fake-model-2", response.ModelId);
        Assert.Equal("Fake hi.", response.Text);
        Assert.Equal(100L, response.Usage!.InputTokenCount);
        Assert.Equal(20L, response.Usage.OutputTokenCount);
        Assert.Equal(120L, response.Usage.TotalTokenCount);
        Assert.Equal(40L, response.Usage.CachedInputTokenCount);
        Assert.Equal(5L, response.Usage.ReasoningTokenCount);
        Assert.False(Assert.Single(chat.Calls).Streaming);
        Assert.Same(chat.Metadata, chat.GetService<ChatClientMetadata>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FakeChatClient_Streaming_EmitsUsageContent(bool separateUpdate)
    {
        using var chat = new FakeChatClient();
        chat.Enqueue(new FakeChatReply
        {
            ModelId = "fake-model-3",
            Text = "Fake stream.",
            Usage = new UsageDetails { InputTokenCount = 70, OutputTokenCount = 9, TotalTokenCount = 79 },
            UsageInSeparateUpdate = separateUpdate,
        });

        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync([new AiChatMessage(AiChatRole.User, "hi")]))
        {
            updates.Add(update);
        }

        Assert.Equal(separateUpdate ? 4 : 3, updates.Count);
        UsageContent usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Same(usage, updates[^1].Contents.OfType<UsageContent>().Single());
        Assert.Equal(70L, usage.Details.InputTokenCount);
        Assert.Equal(9L, usage.Details.OutputTokenCount);
        Assert.All(updates, u => Assert.Equal("fake-model-3", u.ModelId));

        ChatResponse merged = updates.ToChatResponse();
        Assert.Equal("Fake stream.", merged.Text);
        Assert.Equal(70L, merged.Usage!.InputTokenCount);
        Assert.Equal("fake-model-3", merged.ModelId);
    }

    [Fact]
    public async Task FakeChatClient_ScriptedException_IsThrown()
    {
        using var chat = new FakeChatClient();
        chat.EnqueueException(new InvalidOperationException("boom"));
        chat.Enqueue(new FakeChatReply { Exception = new TimeoutException("mid-stream"), ThrowAfterChunks = 1 });

        await Assert.ThrowsAsync<InvalidOperationException>(() => chat.GetResponseAsync([new AiChatMessage(AiChatRole.User, "hi")]));

        var seen = 0;
        await Assert.ThrowsAsync<TimeoutException>(async () =>
        {
            await foreach (ChatResponseUpdate _ in chat.GetStreamingResponseAsync([new AiChatMessage(AiChatRole.User, "hi")]))
            {
                seen++;
            }
        });
        Assert.Equal(1, seen);
    }
}
