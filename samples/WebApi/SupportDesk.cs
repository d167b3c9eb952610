using System.ClientModel;
using CostInstrumentation;
using OpenAI.Chat;

namespace WebApi;

/// <summary>Application code with an attribute: every call of <see cref="AnswerAsync"/> is metered by the generated interceptor.</summary>
public sealed class SupportDesk(ChatClient chat)
{
    [MeteredLlmCall("gpt-4o-mini", Project = "support", Tags = ["web"])]
    public Task<ClientResult<ChatCompletion>> AnswerAsync(string question, [LlmSession] string conversationId) =>
        chat.CompleteChatAsync([new UserChatMessage(question)]);
}
