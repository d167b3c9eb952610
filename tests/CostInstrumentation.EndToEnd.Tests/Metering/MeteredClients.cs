using System.ClientModel;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Anthropic;
using Anthropic.Models.Messages;
using CostInstrumentation;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace CostInstrumentation.EndToEnd.Tests.Metering;

/// <summary>Application code as a user writes it: the real SDKs, and only attributes from CostInstrumentation.</summary>
public sealed class MeteredOpenAi(ChatClient chat)
{
    [MeteredLlmCall("e2e-gpt", Project = "e2e", Tags = ["openai"])]
    public Task<ClientResult<ChatCompletion>> AskAsync(string question) =>
        chat.CompleteChatAsync([new UserChatMessage(question)]);

    /// <summary>No model named: it comes from the response.</summary>
    [MeteredLlmCall]
    public ClientResult<ChatCompletion> Answer(string question, [LlmSession] string conversation) =>
        chat.CompleteChat([new UserChatMessage(question)]);

    [MeteredLlmCall]
    public Task<ClientResult<ChatCompletion>> AskModelAsync(string question, [LlmModel] string model) =>
        chat.CompleteChatAsync([new UserChatMessage(question)]);

    [MeteredLlmCall("e2e-gpt", ServiceTier = "priority")]
    public Task<ClientResult<ChatCompletion>> AskPriorityAsync(string question) =>
        chat.CompleteChatAsync([new UserChatMessage(question)]);

    [MeteredLlmCall("e2e-gpt")]
    public IAsyncEnumerable<StreamingChatCompletionUpdate> StreamAsync(string question, CancellationToken cancellationToken = default) =>
        chat.CompleteChatStreamingAsync([new UserChatMessage(question)], cancellationToken: cancellationToken);
}

public sealed class MeteredAnthropic(AnthropicClient client)
{
    [MeteredLlmCall("e2e-claude")]
    public Task<Message> AskAsync(string question) => client.Messages.Create(Params(question));

    [MeteredLlmCall("e2e-claude")]
    public IAsyncEnumerable<RawMessageStreamEvent> StreamAsync(string question) => client.Messages.CreateStreaming(Params(question));

    private static MessageCreateParams Params(string question) => new()
    {
        MaxTokens = 256,
        Model = "claude-sonnet-4-5",
        Messages = [AnthropicMessages.User(question)],
    };
}

public sealed class MeteredChat(IChatClient chat)
{
    [MeteredLlmCall("e2e-gpt")]
    public Task<ChatResponse> AskAsync(string question) => chat.GetResponseAsync(question);

    [MeteredLlmCall("e2e-gpt")]
    public IAsyncEnumerable<ChatResponseUpdate> StreamAsync(string question) => chat.GetStreamingResponseAsync(question);
}
