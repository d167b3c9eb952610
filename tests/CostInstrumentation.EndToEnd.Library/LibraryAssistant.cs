using System.Threading.Tasks;
using CostInstrumentation;
using Microsoft.Extensions.AI;

namespace CostInstrumentation.EndToEnd.Library;

/// <summary>Declared in another assembly: the attribute is read from metadata where it is called.</summary>
public sealed class LibraryAssistant(IChatClient chat)
{
    [MeteredLlmCall("e2e-gpt", Project = "library")]
    public Task<ChatResponse> AskAsync(string question) => chat.GetResponseAsync(question);

    /// <summary>
    /// Not metered itself: it calls <see cref="AskAsync"/> from inside this library, so that call site is
    /// intercepted by this library's own generated code (whose price table is empty: priced at run time).
    /// </summary>
    public async Task<string> AskInsideLibraryAsync(string question)
    {
        ChatResponse response = await AskAsync(question).ConfigureAwait(false);
        return response.Text;
    }
}
