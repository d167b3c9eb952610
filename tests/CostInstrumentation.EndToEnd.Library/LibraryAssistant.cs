using System.Threading.Tasks;
using CostInstrumentation;
using Microsoft.Extensions.AI;

namespace CostInstrumentation.EndToEnd.Library;

/// <summary>Declared in another assembly: the attribute is read from metadata where it is called.</summary>
public sealed class LibraryAssistant(IChatClient chat)
{
    [MeteredLlmCall("e2e-gpt", Project = "library")]
    public Task<ChatResponse> AskAsync(string question) => chat.GetResponseAsync(question);
}
