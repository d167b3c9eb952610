using System.ClientModel;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CostInstrumentation;
using OpenAI.Chat;

namespace CostInstrumentation.EndToEnd.Library;

/// <summary>OpenAI chat methods metered where they are called, in whichever project calls them.</summary>
public sealed class LibraryOpenAi(ChatClient chat)
{
    /// <summary>Everything from the attribute and the parameters' attributes, all read from metadata by the caller's generator.</summary>
    [MeteredLlmCall(Provider = "openai-library", Project = "library", Tags = ["library", "chat"], ServiceTier = "batch")]
    public Task<ClientResult<ChatCompletion>> AskAsync(string question, [LlmModel] string model, [LlmSession] string session) =>
        chat.CompleteChatAsync([new UserChatMessage(question)]);

    [MeteredLlmCall("e2e-gpt", Project = "library")]
    public IAsyncEnumerable<StreamingChatCompletionUpdate> StreamAsync(string question, CancellationToken cancellationToken = default) =>
        chat.CompleteChatStreamingAsync([new UserChatMessage(question)], cancellationToken: cancellationToken);

    /// <summary>A static metered method.</summary>
    [MeteredLlmCall("e2e-reasoner")]
    public static ClientResult<ChatCompletion> Answer(ChatClient client, string question) =>
        client.CompleteChat([new UserChatMessage(question)]);
}
