using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace CostInstrumentation.EndToEnd.Tests.Fakes;

/// <summary>One scripted answer of <see cref="FakeChatClient"/>, served to either the non-streaming or the streaming call.</summary>
public sealed class FakeChatReply
{
    public string? ModelId { get; init; } = FakeChatClient.DefaultModelId;

    public string Text { get; init; } = "Hello from the fake chat client.";

    /// <summary>
    /// Usage to report: <see cref="ChatResponse.Usage"/> (non-streaming), or a final update carrying a
    /// <see cref="UsageContent"/> (streaming). <c>null</c> reports none.
    /// </summary>
    public UsageDetails? Usage { get; init; } = new() { InputTokenCount = 12, OutputTokenCount = 7, TotalTokenCount = 19 };

    /// <summary>Number of text updates when streaming.</summary>
    public int StreamChunkCount { get; init; } = 3;

    /// <summary>
    /// Streaming: put the <see cref="UsageContent"/> in its own final update (<c>true</c>, as OpenAI-style adapters do)
    /// or append it to the last text update's <see cref="ChatResponseUpdate.Contents"/> (<c>false</c>).
    /// </summary>
    public bool UsageInSeparateUpdate { get; init; } = true;

    /// <summary>Thrown instead of answering (streaming: after <see cref="ThrowAfterChunks"/> updates).</summary>
    public Exception? Exception { get; init; }

    /// <summary>Streaming only: how many text updates to yield before throwing <see cref="Exception"/>.</summary>
    public int ThrowAfterChunks { get; init; }

    /// <summary>A fully custom non-streaming response; overrides the fields above for <c>GetResponseAsync</c>.</summary>
    public ChatResponse? Response { get; init; }

    /// <summary>A fully custom update sequence; overrides the fields above for <c>GetStreamingResponseAsync</c>.</summary>
    public IReadOnlyList<ChatResponseUpdate>? Updates { get; init; }

    public static FakeChatReply WithUsage(string modelId, string text, long input, long output, long? cachedInput = null, long? reasoning = null) => new()
    {
        ModelId = modelId,
        Text = text,
        Usage = new UsageDetails
        {
            InputTokenCount = input,
            OutputTokenCount = output,
            TotalTokenCount = input + output,
            CachedInputTokenCount = cachedInput,
            ReasoningTokenCount = reasoning,
        },
    };
}

/// <summary>One call received by <see cref="FakeChatClient"/>.</summary>
public sealed record FakeChatCall(bool Streaming, IReadOnlyList<ChatMessage> Messages, ChatOptions? Options);

/// <summary>
/// An <see cref="IChatClient"/> test double answering from a FIFO script of <see cref="FakeChatReply"/>s.
/// An empty script throws <see cref="InvalidOperationException"/> unless <see cref="DefaultReply"/> is set.
/// </summary>
public sealed class FakeChatClient : IChatClient
{
    public const string DefaultModelId = "fake-model-1";
    public const string ProviderName = "fake";

    private readonly Queue<FakeChatReply> _script = new();
    private readonly List<FakeChatCall> _calls = new();

    public FakeChatClient(string? defaultModelId = DefaultModelId)
    {
        Metadata = new ChatClientMetadata(ProviderName, new Uri("http://fake.invalid/"), defaultModelId);
    }

    public ChatClientMetadata Metadata { get; }

    public FakeChatReply? DefaultReply { get; set; }

    public bool Disposed { get; private set; }

    public IReadOnlyList<FakeChatCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToArray();
            }
        }
    }

    public FakeChatClient Enqueue(FakeChatReply reply)
    {
        lock (_script)
        {
            _script.Enqueue(reply);
        }

        return this;
    }

    public FakeChatClient EnqueueReply(string modelId, string text, UsageDetails? usage) =>
        Enqueue(new FakeChatReply { ModelId = modelId, Text = text, Usage = usage });

    public FakeChatClient EnqueueException(Exception exception) =>
        Enqueue(new FakeChatReply { Exception = exception });

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        FakeChatReply reply = Next(streaming: false, messages, options);
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        if (reply.Exception is not null)
        {
            throw reply.Exception;
        }

        if (reply.Response is not null)
        {
            return reply.Response;
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, reply.Text) { MessageId = "fake-msg-1" })
        {
            ResponseId = "fake-resp-1",
            ModelId = reply.ModelId,
            CreatedAt = DateTimeOffset.UtcNow,
            FinishReason = ChatFinishReason.Stop,
            Usage = Clone(reply.Usage),
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        FakeChatReply reply = Next(streaming: true, messages, options);
        if (reply.Updates is not null)
        {
            foreach (ChatResponseUpdate update in reply.Updates)
            {
                await Task.Yield();
                cancellationToken.ThrowIfCancellationRequested();
                yield return update;
            }

            yield break;
        }

        string[] pieces = Split(reply.Text, reply.StreamChunkCount);
        for (int i = 0; i < pieces.Length; i++)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            if (reply.Exception is not null && i >= reply.ThrowAfterChunks)
            {
                throw reply.Exception;
            }

            bool last = i == pieces.Length - 1;
            var update = NewUpdate(reply, new List<AIContent> { new TextContent(pieces[i]) });
            if (last && !reply.UsageInSeparateUpdate)
            {
                update.FinishReason = ChatFinishReason.Stop;
                if (reply.Usage is not null)
                {
                    update.Contents.Add(new UsageContent(Clone(reply.Usage)!));
                }
            }

            yield return update;
        }

        if (reply.Exception is not null)
        {
            throw reply.Exception;
        }

        if (reply.UsageInSeparateUpdate || pieces.Length == 0)
        {
            var final = NewUpdate(reply, new List<AIContent>());
            final.FinishReason = ChatFinishReason.Stop;
            if (reply.Usage is not null)
            {
                final.Contents.Add(new UsageContent(Clone(reply.Usage)!));
            }

            yield return final;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return Metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose() => Disposed = true;

    private FakeChatReply Next(bool streaming, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        lock (_calls)
        {
            _calls.Add(new FakeChatCall(streaming, messages.ToArray(), options));
        }

        lock (_script)
        {
            if (_script.Count > 0)
            {
                return _script.Dequeue();
            }
        }

        return DefaultReply ?? throw new InvalidOperationException("FakeChatClient: no scripted reply queued.");
    }

    private static ChatResponseUpdate NewUpdate(FakeChatReply reply, IList<AIContent> contents) => new(ChatRole.Assistant, contents)
    {
        ResponseId = "fake-resp-1",
        MessageId = "fake-msg-1",
        ModelId = reply.ModelId,
        CreatedAt = DateTimeOffset.UtcNow,
    };

    private static UsageDetails? Clone(UsageDetails? usage) => usage is null
        ? null
        : new UsageDetails
        {
            InputTokenCount = usage.InputTokenCount,
            OutputTokenCount = usage.OutputTokenCount,
            TotalTokenCount = usage.TotalTokenCount,
            CachedInputTokenCount = usage.CachedInputTokenCount,
            ReasoningTokenCount = usage.ReasoningTokenCount,
            AdditionalCounts = usage.AdditionalCounts is null ? null : new AdditionalPropertiesDictionary<long>(usage.AdditionalCounts),
        };

    private static string[] Split(string text, int count)
    {
        if (text.Length == 0)
        {
            return Array.Empty<string>();
        }

        count = Math.Clamp(count, 1, text.Length);
        int size = (int)Math.Ceiling(text.Length / (double)count);
        var pieces = new List<string>();
        for (int i = 0; i < text.Length; i += size)
        {
            pieces.Add(text.Substring(i, Math.Min(size, text.Length - i)));
        }

        return pieces.ToArray();
    }
}
