using System.ClientModel;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Anthropic;
using Anthropic.Models.Messages;
using CostInstrumentation;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using OpenAI.Responses;

namespace CostInstrumentation.EndToEnd.Tests.Metering;

/// <summary>More application code over the real OpenAI chat client: every way the model and tier can be named.</summary>
public sealed class OpenAiScenarios(ChatClient chat)
{
    [MeteredLlmCall("e2e-reasoner")]
    public ClientResult<ChatCompletion> AnswerReasoner(string question, [LlmSession] string session) =>
        chat.CompleteChat([new UserChatMessage(question)]);

    [MeteredLlmCall("e2e-reasoner")]
    public Task<ClientResult<ChatCompletion>> AskReasonerAsync(string question) =>
        chat.CompleteChatAsync([new UserChatMessage(question)]);

    /// <summary>Priced at run time through <see cref="LlmPricing"/>; the model from the argument, else from the response.</summary>
    [MeteredLlmCall]
    public Task<ClientResult<ChatCompletion>> AskAnyAsync(string question, [LlmModel] string? model = null) =>
        chat.CompleteChatAsync([new UserChatMessage(question)]);

    /// <summary>The constant is an alias (a dated snapshot id) of e2e-gpt.</summary>
    [MeteredLlmCall("e2e-gpt-2026-01-01")]
    public Task<ClientResult<ChatCompletion>> AskByAliasAsync(string question) =>
        chat.CompleteChatAsync([new UserChatMessage(question)]);

    [MeteredLlmCall("e2e-reasoner", ServiceTier = "batch")]
    public Task<ClientResult<ChatCompletion>> AskReasonerBatchAsync(string question) =>
        chat.CompleteChatAsync([new UserChatMessage(question)]);

    [MeteredLlmCall("e2e-reasoner", ServiceTier = "priority")]
    public Task<ClientResult<ChatCompletion>> AskReasonerPriorityAsync(string question) =>
        chat.CompleteChatAsync([new UserChatMessage(question)]);

    /// <summary>A service tier with the model known only at run time.</summary>
    [MeteredLlmCall(ServiceTier = "priority")]
    public Task<ClientResult<ChatCompletion>> AskPriorityAsync(string question, [LlmModel] string model) =>
        chat.CompleteChatAsync([new UserChatMessage(question)]);

    [MeteredLlmCall("e2e-gpt")]
    public Task<ClientResult<ChatCompletion>> AskWithTokenAsync(string question, CancellationToken cancellationToken) =>
        chat.CompleteChatAsync([new UserChatMessage(question)], cancellationToken: cancellationToken);

    [MeteredLlmCall("e2e-gpt")]
    public ClientResult<ChatCompletion> Answer(string question) =>
        chat.CompleteChat([new UserChatMessage(question)]);

    /// <summary>No model named: it comes from the stream's chunks.</summary>
    [MeteredLlmCall]
    public IAsyncEnumerable<StreamingChatCompletionUpdate> StreamAnyAsync(string question, [LlmSession] string session, CancellationToken cancellationToken = default) =>
        chat.CompleteChatStreamingAsync([new UserChatMessage(question)], cancellationToken: cancellationToken);

    [MeteredLlmCall("e2e-gpt")]
    public IAsyncEnumerable<StreamingChatCompletionUpdate> StreamAsync(string question, CancellationToken cancellationToken = default) =>
        chat.CompleteChatStreamingAsync([new UserChatMessage(question)], cancellationToken: cancellationToken);
}

#pragma warning disable OPENAI001 // The Responses API is [Experimental("OPENAI001")] in OpenAI 2.10.0.
public sealed class ResponsesScenarios(ResponsesClient responses)
{
    [MeteredLlmCall("e2e-reasoner")]
    public Task<ClientResult<ResponseResult>> RespondAsync(string input) => responses.CreateResponseAsync("e2e-reasoner", input);

    /// <summary>No model named: it comes from the response (a dated alias).</summary>
    [MeteredLlmCall]
    public ClientResult<ResponseResult> Respond(string input) => responses.CreateResponse("e2e-reasoner", input);
}
#pragma warning restore OPENAI001

public sealed class AnthropicScenarios(AnthropicClient client)
{
    /// <summary>No model named: it comes from the response (<c>Message.Model</c>).</summary>
    [MeteredLlmCall]
    public Task<Message> AskAsync(string question, CancellationToken cancellationToken = default) =>
        client.Messages.Create(Params(question), cancellationToken);

    [MeteredLlmCall("e2e-claude")]
    public IAsyncEnumerable<RawMessageStreamEvent> StreamAsync(string question) => client.Messages.CreateStreaming(Params(question));

    /// <summary>No model named: it comes from <c>message_start</c>.</summary>
    [MeteredLlmCall(Project = "claude-streams")]
    public IAsyncEnumerable<RawMessageStreamEvent> StreamAnyAsync(string question, [LlmSession] string session) =>
        client.Messages.CreateStreaming(Params(question));

    private static MessageCreateParams Params(string question) => new()
    {
        MaxTokens = 256,
        Model = "claude-sonnet-4-5",
        Messages = [AnthropicMessages.User(question)],
    };
}

public sealed class ChatScenarios(IChatClient chat)
{
    /// <summary>No model named: it comes from <c>ChatResponse.ModelId</c>.</summary>
    [MeteredLlmCall]
    public Task<ChatResponse> AskAsync(string question) => chat.GetResponseAsync(question);

    [MeteredLlmCall("e2e-gpt")]
    public Task<ChatResponse> AskGptAsync(string question, CancellationToken cancellationToken = default) =>
        chat.GetResponseAsync(question, cancellationToken: cancellationToken);

    /// <summary>A <c>ValueTask</c> of the response.</summary>
    [MeteredLlmCall("e2e-gpt")]
    public async ValueTask<ChatResponse> AskValueTaskAsync(string question) => await chat.GetResponseAsync(question);

    /// <summary>No model named: it comes from the updates' <c>ModelId</c>.</summary>
    [MeteredLlmCall]
    public IAsyncEnumerable<ChatResponseUpdate> StreamAsync(string question) => chat.GetStreamingResponseAsync(question);
}
