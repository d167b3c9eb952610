using Anthropic;
using Anthropic.Models.Messages;
using CostInstrumentation;

namespace QuickStart;

/// <summary>Application code on the real Anthropic SDK: a long system prompt the provider caches.</summary>
/// <remarks>The class-level budget covers both methods, so the expensive models here raise no LLMC201.</remarks>
[LlmBudget(MonthlyUsd = 25)]
public sealed class ResearchAssistant(AnthropicClient client)
{
    private const string Instructions = "You are a market-research analyst. Read the document, list the findings, cite each one.";

    /// <summary>The first call writes the instructions to Anthropic's prompt cache; later calls read them from it.</summary>
    [MeteredLlmCall("claude-sonnet-4-5", Project = "research", Tags = ["reports"])]
    public Task<Message> AnalyzeAsync(string document, [LlmSession] string study) =>
        client.Messages.Create(new MessageCreateParams
        {
            Model = "claude-sonnet-4-5",
            MaxTokens = 1_024,
            System = Instructions,
            Messages = [new UserMessageParam(document)],
        });

    /// <summary>The frontier model: Program.cs caps its daily spend with a hard limit, so this call is blocked before it is sent.</summary>
    [MeteredLlmCall("claude-opus-4-1", Project = "research", Tags = ["deep-dive"])]
    public Task<Message> DeepDiveAsync(string document, [LlmSession] string study) =>
        client.Messages.Create(new MessageCreateParams
        {
            Model = "claude-opus-4-1",
            MaxTokens = 32_000,
            System = Instructions,
            Messages = [new UserMessageParam(document)],
        });
}
