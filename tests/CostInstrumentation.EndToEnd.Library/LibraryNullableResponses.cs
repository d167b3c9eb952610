using System.Threading.Tasks;
using CostInstrumentation;
using OpenAI.Chat;

namespace CostInstrumentation.EndToEnd.Library;

/// <summary>
/// A metered method whose result type carries a nullable annotation (<c>ChatCompletion?</c>, nullable reference
/// types enabled): its usage is as readable as <see cref="ChatCompletion"/>'s, and its calls are metered.
/// </summary>
public sealed class LibraryNullableResponses(ChatClient chat)
{
    [MeteredLlmCall("e2e-gpt")]
    public async Task<ChatCompletion?> AskCompletionOrNullAsync(string question) =>
        (await chat.CompleteChatAsync([new UserChatMessage(question)]).ConfigureAwait(false)).Value;

    /// <summary>Not metered itself: calls <see cref="AskCompletionOrNullAsync"/> from inside this library.</summary>
    public Task<ChatCompletion?> AskThroughLibraryAsync(string question) => AskCompletionOrNullAsync(question);
}
