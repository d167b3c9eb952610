using System.ClientModel;
using System.Threading.Tasks;
using CostInstrumentation;
using OpenAI;
using OpenAI.Chat;

namespace CostInstrumentation.EndToEnd.Tests.Budgets;

/// <summary>
/// Application code with budgets, as a user writes it. Reservations (maximum output × output rate): e2e-reasoner
/// 128,000 × 0.00001 = 1.28 USD, e2e-gpt 32,000 × 0.000008 = 0.256 USD.
/// </summary>
public sealed class BudgetedOpenAi(OpenAIClient client)
{
    /// <summary>The model is the caller's; a call that cannot fit falls back to e2e-gpt.</summary>
    [MeteredLlmCall]
    [LlmBudget(PerCallUsd = 0.5, HardLimit = true, Fallback = "e2e-gpt")]
    public Task<ClientResult<ChatCompletion>> AskAsync(string question, [LlmModel] string model) =>
        client.GetChatClient(model).CompleteChatAsync([new UserChatMessage(question)]);

    /// <summary>Its reservation always exceeds the per-call limit: the compiler says so (LLMC202), the test wants it blocked.</summary>
#pragma warning disable LLMC202
    [MeteredLlmCall("e2e-reasoner")]
    [LlmBudget(PerCallUsd = 0.5, HardLimit = true)]
#pragma warning restore LLMC202
    public Task<ClientResult<ChatCompletion>> AskReasonerAsync(string question) =>
        client.GetChatClient("e2e-reasoner").CompleteChatAsync([new UserChatMessage(question)]);

    [MeteredLlmCall("e2e-gpt")]
    [LlmBudget(DailyUsd = 0.5, HardLimit = true)]
    public Task<ClientResult<ChatCompletion>> AskDailyAsync(string question) =>
        client.GetChatClient("e2e-gpt").CompleteChatAsync([new UserChatMessage(question)]);
}
