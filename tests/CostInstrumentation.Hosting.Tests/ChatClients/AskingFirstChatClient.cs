using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace CostInstrumentation.Hosting.Tests.ChatClients;

/// <summary>Asks <paramref name="tool"/> first, then passes the call on: a function the model's answer needs.</summary>
internal sealed class AskingFirstChatClient(IChatClient inner, IChatClient tool) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await tool.GetResponseAsync("look it up", cancellationToken: cancellationToken);
        return await base.GetResponseAsync(messages, options, cancellationToken);
    }
}
