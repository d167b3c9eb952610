using System;
using System.Collections.Generic;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CostInstrumentation.EndToEnd.Tests.Fakes;

/// <summary>
/// Token usage as Anthropic reports it. <see cref="InputTokens"/> EXCLUDES cache reads and cache writes
/// (total input = input + cache_read + cache_creation). A <c>null</c> cache count omits the field from the JSON.
/// <see cref="ThinkingTokens"/>, when set, is sent as <c>output_tokens_details.thinking_tokens</c> (a part of
/// <c>output_tokens</c>) with the final usage: the message's, or the stream's <c>message_delta</c>.
/// </summary>
public sealed record AnthropicUsage(long InputTokens, long OutputTokens, long? CacheReadInputTokens = 0, long? CacheCreationInputTokens = 0, long? ThinkingTokens = null);

/// <summary>One scripted answer of <see cref="AnthropicLoopbackServer"/>.</summary>
public sealed class AnthropicReply
{
    public const string DefaultModel = "claude-sonnet-4-5-20250929";

    public string Model { get; init; } = DefaultModel;

    public string Content { get; init; } = "Hello from the Anthropic loopback server.";

    public AnthropicUsage Usage { get; init; } = new(12, 7);

    public string StopReason { get; init; } = "end_turn";

    /// <summary>When set, answer with this HTTP status and an Anthropic error body.</summary>
    public int? ErrorStatusCode { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>Number of <c>content_block_delta</c> events when streaming.</summary>
    public int StreamChunkCount { get; init; } = 3;

    /// <summary>Streaming: <c>output_tokens</c> in the <c>message_start</c> usage (the real API sends a small placeholder, typically 1).</summary>
    public long StartOutputTokens { get; init; } = 1;

    /// <summary>
    /// Streaming: also repeat the cumulative input/cache counts in the <c>message_delta</c> usage, as the current API does.
    /// When <c>false</c> the delta usage carries only <c>output_tokens</c> (the older documented shape).
    /// </summary>
    public bool DeltaUsageIncludesInput { get; init; } = true;

    /// <summary>Streaming: send a <c>ping</c> event after <c>message_start</c>, as the real API does.</summary>
    public bool SendPing { get; init; } = true;

    /// <summary>Streaming only: abort the connection after this many text deltas (no message_delta / message_stop).</summary>
    public int? AbortStreamAfterChunks { get; init; }

    /// <summary>
    /// With <see cref="AbortStreamAfterChunks"/>: end the response cleanly (truncated stream, no terminal events) instead of
    /// resetting the connection.
    /// </summary>
    public bool TruncateInsteadOfAbort { get; init; }

    /// <summary>Delay before answering.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.Zero;

    public static AnthropicReply Message(string model, string content, AnthropicUsage usage) =>
        new() { Model = model, Content = content, Usage = usage };

    public static AnthropicReply Error(HttpStatusCode status, string? message = null) =>
        new() { ErrorStatusCode = (int)status, ErrorMessage = message };
}

/// <summary>
/// A loopback stand-in for the Anthropic Messages API speaking the real wire format:
/// <c>POST /v1/messages</c> answered with a <c>message</c> object, or with the SSE event sequence
/// (message_start, ping, content_block_start/delta/stop, message_delta, message_stop) when <c>"stream": true</c>.
/// Replies come from a FIFO script; an empty script answers HTTP 500. Point the SDK's <c>BaseUrl</c> at <see cref="BaseUrl"/>.
/// </summary>
public sealed class AnthropicLoopbackServer : LoopbackServer
{
    private readonly Queue<AnthropicReply> _script = new();

    private AnthropicLoopbackServer()
    {
    }

    /// <summary>The value for the Anthropic client's <c>BaseUrl</c>: <c>http://127.0.0.1:PORT</c> (no trailing slash, like the default <c>https://api.anthropic.com</c>).</summary>
    public string BaseUrl => BaseAddress.GetLeftPart(UriPartial.Authority);

    /// <summary>Served when the script is empty; <c>null</c> (default) answers HTTP 500 instead.</summary>
    public AnthropicReply? DefaultReply { get; set; }

    public static async Task<AnthropicLoopbackServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new AnthropicLoopbackServer();
        await server.StartCoreAsync(cancellationToken).ConfigureAwait(false);
        return server;
    }

    public AnthropicLoopbackServer Enqueue(AnthropicReply reply)
    {
        lock (_script)
        {
            _script.Enqueue(reply);
        }

        return this;
    }

    public AnthropicLoopbackServer EnqueueMessage(string model, string content, AnthropicUsage usage) =>
        Enqueue(AnthropicReply.Message(model, content, usage));

    public AnthropicLoopbackServer EnqueueError(HttpStatusCode status, string? message = null) =>
        Enqueue(AnthropicReply.Error(status, message));

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
        app.MapPost("/v1/messages", HandleMessagesAsync);
    }

    private AnthropicReply? NextReply()
    {
        lock (_script)
        {
            return _script.Count > 0 ? _script.Dequeue() : DefaultReply;
        }
    }

    private static Task WriteErrorAsync(HttpContext ctx, int status, string? message)
    {
        string type = status switch
        {
            400 => "invalid_request_error",
            401 => "authentication_error",
            403 => "permission_error",
            404 => "not_found_error",
            413 => "request_too_large",
            429 => "rate_limit_error",
            529 => "overloaded_error",
            _ => "api_error",
        };
        var body = new JsonObject
        {
            ["type"] = "error",
            ["error"] = new JsonObject { ["type"] = type, ["message"] = message ?? $"Loopback error {status}." },
            ["request_id"] = NewId("req_"),
        };
        var headers = new Dictionary<string, string> { ["request-id"] = NewId("req_") };
        if (status == 429)
        {
            headers["retry-after"] = "1";
        }

        return WriteJsonAsync(ctx, status, body, headers);
    }

    private async Task HandleMessagesAsync(HttpContext ctx)
    {
        RecordedRequest request = await RecordAsync(ctx).ConfigureAwait(false);
        AnthropicReply? reply = NextReply();
        if (reply is null)
        {
            await WriteErrorAsync(ctx, StatusCodes.Status500InternalServerError, "loopback server: no scripted reply queued").ConfigureAwait(false);
            return;
        }

        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, ctx.RequestAborted).ConfigureAwait(false);
        }

        if (reply.ErrorStatusCode is int status)
        {
            await WriteErrorAsync(ctx, status, reply.ErrorMessage).ConfigureAwait(false);
            return;
        }

        string id = NewId("msg_01");
        var headers = new Dictionary<string, string> { ["request-id"] = NewId("req_") };

        if (!request.IsStreaming)
        {
            JsonObject message = MessageJson(id, reply, new JsonArray(new JsonObject { ["type"] = "text", ["text"] = reply.Content }), reply.StopReason, UsageJson(reply.Usage, reply.Usage.OutputTokens));
            AddOutputDetails(message["usage"]!.AsObject(), reply.Usage);
            await WriteJsonAsync(ctx, StatusCodes.Status200OK, message, headers).ConfigureAwait(false);
            return;
        }

        await BeginSseAsync(ctx, headers).ConfigureAwait(false);

        Task Send(string type, JsonObject payload)
        {
            var evt = new JsonObject { ["type"] = type };
            foreach (KeyValuePair<string, JsonNode?> p in payload)
            {
                evt[p.Key] = p.Value?.DeepClone();
            }

            return WriteSseAsync(ctx, type, evt.ToJsonString());
        }

        await Send("message_start", new JsonObject
        {
            ["message"] = MessageJson(id, reply, new JsonArray(), null, UsageJson(reply.Usage, reply.StartOutputTokens)),
        }).ConfigureAwait(false);
        if (reply.SendPing)
        {
            await Send("ping", new JsonObject()).ConfigureAwait(false);
        }

        await Send("content_block_start", new JsonObject
        {
            ["index"] = 0,
            ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" },
        }).ConfigureAwait(false);

        int sent = 0;
        foreach (string piece in SplitContent(reply.Content, reply.StreamChunkCount))
        {
            if (reply.AbortStreamAfterChunks is int abortAfter && sent >= abortAfter)
            {
                await EndBrokenStreamAsync(ctx, reply.TruncateInsteadOfAbort).ConfigureAwait(false);
                return;
            }

            await Send("content_block_delta", new JsonObject
            {
                ["index"] = 0,
                ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = piece },
            }).ConfigureAwait(false);
            sent++;
        }

        if (reply.AbortStreamAfterChunks is int abortAtEnd && sent >= abortAtEnd)
        {
            await EndBrokenStreamAsync(ctx, reply.TruncateInsteadOfAbort).ConfigureAwait(false);
            return;
        }

        await Send("content_block_stop", new JsonObject { ["index"] = 0 }).ConfigureAwait(false);

        JsonObject deltaUsage;
        if (reply.DeltaUsageIncludesInput)
        {
            deltaUsage = new JsonObject { ["input_tokens"] = reply.Usage.InputTokens };
            if (reply.Usage.CacheCreationInputTokens is long cw)
            {
                deltaUsage["cache_creation_input_tokens"] = cw;
            }

            if (reply.Usage.CacheReadInputTokens is long cr)
            {
                deltaUsage["cache_read_input_tokens"] = cr;
            }

            deltaUsage["output_tokens"] = reply.Usage.OutputTokens;
        }
        else
        {
            deltaUsage = new JsonObject { ["output_tokens"] = reply.Usage.OutputTokens };
        }

        AddOutputDetails(deltaUsage, reply.Usage);

        await Send("message_delta", new JsonObject
        {
            ["delta"] = new JsonObject { ["stop_reason"] = reply.StopReason, ["stop_sequence"] = null },
            ["usage"] = deltaUsage,
        }).ConfigureAwait(false);
        await Send("message_stop", new JsonObject()).ConfigureAwait(false);
    }

    private static JsonObject MessageJson(string id, AnthropicReply reply, JsonArray content, string? stopReason, JsonObject usage) => new()
    {
        ["id"] = id,
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = reply.Model,
        ["content"] = content,
        ["stop_reason"] = stopReason,
        ["stop_sequence"] = null,
        ["usage"] = usage,
    };

    private static void AddOutputDetails(JsonObject json, AnthropicUsage usage)
    {
        if (usage.ThinkingTokens is long thinking)
        {
            json["output_tokens_details"] = new JsonObject { ["thinking_tokens"] = thinking };
        }
    }

    private static JsonObject UsageJson(AnthropicUsage usage, long outputTokens)
    {
        var json = new JsonObject { ["input_tokens"] = usage.InputTokens };
        if (usage.CacheCreationInputTokens is long cw)
        {
            json["cache_creation_input_tokens"] = cw;
        }

        if (usage.CacheReadInputTokens is long cr)
        {
            json["cache_read_input_tokens"] = cr;
        }

        if (usage.CacheCreationInputTokens is long cw5)
        {
            json["cache_creation"] = new JsonObject { ["ephemeral_5m_input_tokens"] = cw5, ["ephemeral_1h_input_tokens"] = 0 };
        }

        json["output_tokens"] = outputTokens;
        json["service_tier"] = "standard";
        return json;
    }
}
