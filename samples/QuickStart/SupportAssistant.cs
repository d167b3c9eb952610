using System.ClientModel;
using CostInstrumentation;
using OpenAI.Chat;

namespace QuickStart;

/// <summary>Application code: the only CostInstrumentation in it is the attributes.</summary>
/// <remarks>A daily budget for the whole class: alerts at 80 % and 95 % of it, and at 100 %.</remarks>
[LlmBudget(DailyUsd = 0.04)]
public sealed class SupportAssistant(ChatClient smart, ChatClient fast)
{
    /// <summary>The model is fixed, so its price is compiled into the call's interceptor.</summary>
    [MeteredLlmCall("gpt-4o", Project = "support", Tags = ["summaries"])]
    public Task<ClientResult<ChatCompletion>> SummarizeAsync(string ticket) =>
        smart.CompleteChatAsync([new UserChatMessage("Summarise this ticket: " + ticket)]);

    /// <summary>No model named: it is read from the response ("gpt-4o-mini-2024-07-18", the dated snapshot priced under its own id).</summary>
    [MeteredLlmCall(Project = "support")]
    public ClientResult<ChatCompletion> Answer(string question, [LlmSession] string conversationId) =>
        fast.CompleteChat([new UserChatMessage(question)]);
}
