using System;
using System.Collections.Generic;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CostInstrumentation.EndToEnd.Tests.Fakes;

/// <summary>
/// Token usage as OpenAI reports it. <see cref="PromptTokens"/> already includes the cached tokens and
/// <see cref="CompletionTokens"/> already includes the reasoning tokens (OpenAI semantics).
/// A <c>null</c> detail omits the whole <c>*_tokens_details</c> object from the JSON.
/// </summary>
public sealed record OpenAiUsage(int PromptTokens, int CompletionTokens, int? CachedTokens = 0, int? ReasoningTokens = 0)
{
    /// <summary>Explicit <c>total_tokens</c>; <c>null</c> = prompt + completion.</summary>
    public int? TotalTokens { get; init; }

    internal int Total => TotalTokens ?? PromptTokens + CompletionTokens;
}

/// <summary>One scripted answer of <see cref="OpenAiLoopbackServer"/>.</summary>
public sealed class OpenAiReply
{
    public const string DefaultModel = "gpt-4o-2024-08-06";

    /// <summary>The model id the server reports back (the dated snapshot, as the real API does).</summary>
    public string Model { get; init; } = DefaultModel;

    public string Content { get; init; } = "Hello from the OpenAI loopback server.";

    /// <summary>Usage to report; <c>null</c> omits <c>usage</c> (non-streaming) / the usage chunk (streaming).</summary>
    public OpenAiUsage? Usage { get; init; } = new(12, 7);

    public string FinishReason { get; init; } = "stop";

    /// <summary>When set, answer with this HTTP status and an OpenAI error body instead of a completion.</summary>
    public int? ErrorStatusCode { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>Number of content delta chunks when streaming.</summary>
    public int StreamChunkCount { get; init; } = 3;

    /// <summary>
    /// Streaming only: send the usage chunk even when the request did not set
    /// <c>stream_options.include_usage</c> (<c>true</c>) or never send it (<c>false</c>); <c>null</c> = follow the request.
    /// </summary>
    public bool? ForceStreamUsage { get; init; }

    /// <summary>Streaming only: abort the connection after this many content chunks (no finish/usage chunk, no [DONE]).</summary>
    public int? AbortStreamAfterChunks { get; init; }

    /// <summary>
    /// With <see cref="AbortStreamAfterChunks"/>: end the response cleanly (truncated stream, no terminal events) instead of
    /// resetting the connection.
    /// </summary>
    public bool TruncateInsteadOfAbort { get; init; }

    /// <summary>Delay before answering (e.g. to exercise client timeouts / cancellation).</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.Zero;

    public static OpenAiReply Completion(string model, string content, OpenAiUsage? usage) =>
        new() { Model = model, Content = content, Usage = usage };

    public static OpenAiReply Error(HttpStatusCode status, string? message = null) =>
        new() { ErrorStatusCode = (int)status, ErrorMessage = message };
}

/// <summary>
/// A loopback stand-in for the OpenAI REST API speaking the real wire format:
/// <c>POST /v1/chat/completions</c> (JSON, or SSE when <c>"stream": true</c>) and <c>POST /v1/responses</c>
/// (JSON, or SSE with typed events). Replies come from a FIFO script; an empty script answers HTTP 500
/// with a message saying so. Point the SDK at <see cref="OpenAiEndpoint"/>.
/// </summary>
public sealed class OpenAiLoopbackServer : LoopbackServer
{
    private readonly Queue<OpenAiReply> _script = new();

    private OpenAiLoopbackServer()
    {
    }

    /// <summary>The value for <c>OpenAIClientOptions.Endpoint</c>: <c>http://127.0.0.1:PORT/v1</c>.</summary>
    public Uri OpenAiEndpoint => new(BaseAddress, "v1");

    /// <summary>Served when the script is empty; <c>null</c> (default) answers HTTP 500 instead.</summary>
    public OpenAiReply? DefaultReply { get; set; }

    public static async Task<OpenAiLoopbackServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new OpenAiLoopbackServer();
        await server.StartCoreAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    public OpenAiLoopbackServer Enqueue(OpenAiReply reply)
    {
        lock (_script)
        {
            _script.Enqueue(reply);
        }

        return this;
    }

    public OpenAiLoopbackServer EnqueueCompletion(string model, string content, OpenAiUsage? usage) =>
        Enqueue(OpenAiReply.Completion(model, content, usage));

    public OpenAiLoopbackServer EnqueueError(HttpStatusCode status, string? message = null) =>
        Enqueue(OpenAiReply.Error(status, message));

    public int PendingReplies
    {
        get
        {
            lock (_script)
            {
                return _script.Count;
            }
        }
    }

    protected override void MapEndpoints(WebApplication app)
    {
        app.MapPost("/v1/chat/completions", HandleChatCompletionsAsync);
        app.MapPost("/v1/responses", HandleResponsesAsync);
    }

    private OpenAiReply? NextReply()
    {
        lock (_script)
        {
            return _script.Count > 0 ? _script.Dequeue() : DefaultReply;
        }
    }

    private async Task<(RecordedRequest Request, OpenAiReply? Reply)> BeginAsync(HttpContext ctx)
    {
        RecordedRequest request = await RecordAsync(ctx).ConfigureAwait(false);
        OpenAiReply? reply = NextReply();
        if (reply is null)
        {
            await WriteErrorAsync(ctx, StatusCodes.Status500InternalServerError, "loopback server: no scripted reply queued").ConfigureAwait(false);
            return (request, null);
        }

        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, ctx.RequestAborted).ConfigureAwait(false);
        }

        if (reply.ErrorStatusCode is int status)
        {
            await WriteErrorAsync(ctx, status, reply.ErrorMessage).ConfigureAwait(false);
            return (request, null);
        }

        return (request, reply);
    }

    private static Task WriteErrorAsync(HttpContext ctx, int status, string? message)
    {
        (string type, string? code) = status switch
        {
            400 => ("invalid_request_error", (string?)null),
            401 => ("invalid_request_error", "invalid_api_key"),
            404 => ("invalid_request_error", "model_not_found"),
            429 => ("requests", "rate_limit_exceeded"),
            _ => ("server_error", null),
        };
        var body = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = message ?? $"Loopback error {status}.",
                ["type"] = type,
                ["param"] = null,
                ["code"] = code,
            },
        };
        var headers = new Dictionary<string, string> { ["x-request-id"] = NewId("req_") };
        if (status == 429)
        {
            headers["retry-after"] = "1";
        }

        return WriteJsonAsync(ctx, status, body, headers);
    }

    // ---------------------------------------------------------------- chat completions

    private async Task HandleChatCompletionsAsync(HttpContext ctx)
    {
        (RecordedRequest request, OpenAiReply? reply) = await BeginAsync(ctx).ConfigureAwait(false);
        if (reply is null)
        {
            return;
        }

        string id = NewId("chatcmpl-");
        long created = UnixNow();
        if (!request.IsStreaming)
        {
            var body = new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion",
                ["created"] = created,
                ["model"] = reply.Model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject
                    {
                        ["role"] = "assistant",
                        ["content"] = reply.Content,
                        ["refusal"] = null,
                        ["annotations"] = new JsonArray(),
                    },
                    ["logprobs"] = null,
                    ["finish_reason"] = reply.FinishReason,
                }),
                ["service_tier"] = "default",
                ["system_fingerprint"] = "fp_loopback",
            };
            if (reply.Usage is not null)
            {
                body["usage"] = ChatUsageJson(reply.Usage);
            }

            await WriteJsonAsync(ctx, StatusCodes.Status200OK, body).ConfigureAwait(false);
            return;
        }

        bool includeUsage = reply.ForceStreamUsage ?? RequestIncludesUsage(request);
        await BeginSseAsync(ctx).ConfigureAwait(false);

        JsonObject Chunk(JsonObject? delta, string? finishReason, bool withChoice = true)
        {
            var chunk = new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["created"] = created,
                ["model"] = reply.Model,
                ["service_tier"] = "default",
                ["system_fingerprint"] = "fp_loopback",
                ["choices"] = withChoice
                    ? new JsonArray(new JsonObject
                    {
                        ["index"] = 0,
                        ["delta"] = delta ?? new JsonObject(),
                        ["logprobs"] = null,
                        ["finish_reason"] = finishReason,
                    })
                    : new JsonArray(),
            };
            if (includeUsage)
            {
                // The real API sends "usage": null on every chunk but the last when include_usage is set.
                chunk["usage"] = null;
            }

            return chunk;
        }

        await WriteSseAsync(ctx, null, Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "", ["refusal"] = null }, null).ToJsonString()).ConfigureAwait(false);
        int sent = 0;
        foreach (string piece in SplitContent(reply.Content, reply.StreamChunkCount))
        {
            if (reply.AbortStreamAfterChunks is int abortAfter && sent >= abortAfter)
            {
                await EndBrokenStreamAsync(ctx, reply.TruncateInsteadOfAbort).ConfigureAwait(false);
                return;
            }

            await WriteSseAsync(ctx, null, Chunk(new JsonObject { ["content"] = piece }, null).ToJsonString()).ConfigureAwait(false);
            sent++;
        }

        if (reply.AbortStreamAfterChunks is int abortAtEnd && sent >= abortAtEnd)
        {
            await EndBrokenStreamAsync(ctx, reply.TruncateInsteadOfAbort).ConfigureAwait(false);
            return;
        }

        await WriteSseAsync(ctx, null, Chunk(new JsonObject(), reply.FinishReason).ToJsonString()).ConfigureAwait(false);
        if (includeUsage && reply.Usage is not null)
        {
            JsonObject usageChunk = Chunk(null, null, withChoice: false);
            usageChunk["usage"] = ChatUsageJson(reply.Usage);
            await WriteSseAsync(ctx, null, usageChunk.ToJsonString()).ConfigureAwait(false);
        }

        await WriteSseAsync(ctx, null, "[DONE]").ConfigureAwait(false);
    }

    private static bool RequestIncludesUsage(RecordedRequest request) =>
        request.Json is { ValueKind: JsonValueKind.Object } json
        && json.TryGetProperty("stream_options", out JsonElement so)
        && so.ValueKind == JsonValueKind.Object
        && so.TryGetProperty("include_usage", out JsonElement iu)
        && iu.ValueKind == JsonValueKind.True;

    private static JsonObject ChatUsageJson(OpenAiUsage usage)
    {
        var json = new JsonObject
        {
            ["prompt_tokens"] = usage.PromptTokens,
            ["completion_tokens"] = usage.CompletionTokens,
            ["total_tokens"] = usage.Total,
        };
        if (usage.CachedTokens is int cached)
        {
            json["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = cached, ["audio_tokens"] = 0 };
        }

        if (usage.ReasoningTokens is int reasoning)
        {
            json["completion_tokens_details"] = new JsonObject
            {
                ["reasoning_tokens"] = reasoning,
                ["audio_tokens"] = 0,
                ["accepted_prediction_tokens"] = 0,
                ["rejected_prediction_tokens"] = 0,
            };
        }

        return json;
    }

    // ---------------------------------------------------------------- responses

    private async Task HandleResponsesAsync(HttpContext ctx)
    {
        (RecordedRequest request, OpenAiReply? reply) = await BeginAsync(ctx).ConfigureAwait(false);
        if (reply is null)
        {
            return;
        }

        string id = NewId("resp_");
        string messageId = NewId("msg_");
        long created = UnixNow();

        if (!request.IsStreaming)
        {
            JsonObject done = ResponseJson(id, created, reply, "completed", ResponseMessageJson(messageId, reply.Content, "completed"), withUsage: true);
            await WriteJsonAsync(ctx, StatusCodes.Status200OK, done).ConfigureAwait(false);
            return;
        }

        await BeginSseAsync(ctx).ConfigureAwait(false);
        int seq = 0;

        Task Send(string type, JsonObject payload)
        {
            var evt = new JsonObject { ["type"] = type, ["sequence_number"] = seq++ };
            foreach (KeyValuePair<string, JsonNode?> p in payload)
            {
                evt[p.Key] = p.Value?.DeepClone();
            }

            return WriteSseAsync(ctx, type, evt.ToJsonString());
        }

        await Send("response.created", new JsonObject { ["response"] = ResponseJson(id, created, reply, "in_progress", null, withUsage: false) }).ConfigureAwait(false);
        await Send("response.in_progress", new JsonObject { ["response"] = ResponseJson(id, created, reply, "in_progress", null, withUsage: false) }).ConfigureAwait(false);
        await Send("response.output_item.added", new JsonObject
        {
            ["output_index"] = 0,
            ["item"] = new JsonObject { ["id"] = messageId, ["type"] = "message", ["status"] = "in_progress", ["content"] = new JsonArray(), ["role"] = "assistant" },
        }).ConfigureAwait(false);
        await Send("response.content_part.added", new JsonObject
        {
            ["item_id"] = messageId,
            ["output_index"] = 0,
            ["content_index"] = 0,
            ["part"] = new JsonObject { ["type"] = "output_text", ["annotations"] = new JsonArray(), ["logprobs"] = new JsonArray(), ["text"] = "" },
        }).ConfigureAwait(false);

        int sent = 0;
        foreach (string piece in SplitContent(reply.Content, reply.StreamChunkCount))
        {
            if (reply.AbortStreamAfterChunks is int abortAfter && sent >= abortAfter)
            {
                await EndBrokenStreamAsync(ctx, reply.TruncateInsteadOfAbort).ConfigureAwait(false);
                return;
            }

            await Send("response.output_text.delta", new JsonObject
            {
                ["item_id"] = messageId,
                ["output_index"] = 0,
                ["content_index"] = 0,
                ["delta"] = piece,
                ["logprobs"] = new JsonArray(),
            }).ConfigureAwait(false);
            sent++;
        }

        if (reply.AbortStreamAfterChunks is int abortAtEnd && sent >= abortAtEnd)
        {
            await EndBrokenStreamAsync(ctx, reply.TruncateInsteadOfAbort).ConfigureAwait(false);
            return;
        }

        await Send("response.output_text.done", new JsonObject
        {
            ["item_id"] = messageId,
            ["output_index"] = 0,
            ["content_index"] = 0,
            ["text"] = reply.Content,
            ["logprobs"] = new JsonArray(),
        }).ConfigureAwait(false);
        await Send("response.content_part.done", new JsonObject
        {
            ["item_id"] = messageId,
            ["output_index"] = 0,
            ["content_index"] = 0,
            ["part"] = new JsonObject { ["type"] = "output_text", ["annotations"] = new JsonArray(), ["logprobs"] = new JsonArray(), ["text"] = reply.Content },
        }).ConfigureAwait(false);
        await Send("response.output_item.done", new JsonObject
        {
            ["output_index"] = 0,
            ["item"] = ResponseMessageJson(messageId, reply.Content, "completed"),
        }).ConfigureAwait(false);
        await Send("response.completed", new JsonObject
        {
            ["response"] = ResponseJson(id, created, reply, "completed", ResponseMessageJson(messageId, reply.Content, "completed"), withUsage: true),
        }).ConfigureAwait(false);
    }

    private static JsonObject ResponseMessageJson(string messageId, string content, string status) => new()
    {
        ["id"] = messageId,
        ["type"] = "message",
        ["status"] = status,
        ["content"] = new JsonArray(new JsonObject
        {
            ["type"] = "output_text",
            ["annotations"] = new JsonArray(),
            ["logprobs"] = new JsonArray(),
            ["text"] = content,
        }),
        ["role"] = "assistant",
    };

    private static JsonObject ResponseJson(string id, long created, OpenAiReply reply, string status, JsonObject? outputItem, bool withUsage)
    {
        var json = new JsonObject
        {
            ["id"] = id,
            ["object"] = "response",
            ["created_at"] = created,
            ["status"] = status,
            ["background"] = false,
            ["error"] = null,
            ["incomplete_details"] = null,
            ["instructions"] = null,
            ["max_output_tokens"] = null,
            ["max_tool_calls"] = null,
            ["model"] = reply.Model,
            ["output"] = outputItem is null ? new JsonArray() : new JsonArray(outputItem),
            ["parallel_tool_calls"] = true,
            ["previous_response_id"] = null,
            ["reasoning"] = new JsonObject { ["effort"] = null, ["summary"] = null },
            ["service_tier"] = "default",
            ["store"] = true,
            ["temperature"] = 1.0,
            ["text"] = new JsonObject { ["format"] = new JsonObject { ["type"] = "text" }, ["verbosity"] = "medium" },
            ["tool_choice"] = "auto",
            ["tools"] = new JsonArray(),
            ["top_logprobs"] = 0,
            ["top_p"] = 1.0,
            ["truncation"] = "disabled",
            ["usage"] = null,
            ["user"] = null,
            ["metadata"] = new JsonObject(),
        };
        if (withUsage && reply.Usage is OpenAiUsage usage)
        {
            var u = new JsonObject
            {
                ["input_tokens"] = usage.PromptTokens,
                ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = usage.CachedTokens ?? 0 },
                ["output_tokens"] = usage.CompletionTokens,
                ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = usage.ReasoningTokens ?? 0 },
                ["total_tokens"] = usage.Total,
            };
            json["usage"] = u;
        }

        return json;
    }
}
