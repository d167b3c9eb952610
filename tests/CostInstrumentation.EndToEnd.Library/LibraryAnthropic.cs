using System.Threading.Tasks;
using Anthropic;
using Anthropic.Models.Messages;
using CostInstrumentation;

namespace CostInstrumentation.EndToEnd.Library;

/// <summary>A metered extension method over the real Anthropic client.</summary>
public static class LibraryAnthropic
{
    [MeteredLlmCall("e2e-claude", Tags = ["library"])]
    public static Task<Message> AskClaudeAsync(this AnthropicClient client, string question) =>
        client.Messages.Create(new MessageCreateParams
        {
            MaxTokens = 256,
            Model = "claude-sonnet-4-5",
            Messages = [AnthropicMessages.User(question)],
        });
}
