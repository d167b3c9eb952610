using Microsoft.Extensions.AI;

namespace CostInstrumentation.Hosting.ChatClients;

/// <summary>
/// Canonical usage of Microsoft.Extensions.AI responses, read the way the shims' generated readers read them
/// (<see cref="ChatUsageDetails"/> holds the mapping, Anthropic's cache writes included).
/// </summary>
internal static class ChatUsage
{
    internal static LlmUsage? Of(UsageDetails? usage) => usage is null
        ? null
        : ChatUsageDetails.ToLlmUsage(usage.InputTokenCount, usage.OutputTokenCount, usage.CachedInputTokenCount, usage.ReasoningTokenCount, usage.AdditionalCounts);

    /// <summary>
    /// A <see cref="StreamUsageReader{T}"/> for updates: the usage arrives as a <see cref="UsageContent"/>, final with the
    /// finish reason (Anthropic's adapter also sends one without it, with the first event's counts, when the stream is cut off).
    /// </summary>
    internal static LlmUsage? OfUpdate(ChatResponseUpdate update, out string? model, out bool final)
    {
        model = update.ModelId;
        final = false;
        foreach (AIContent content in update.Contents)
        {
            if (content is UsageContent { Details: var usage })
            {
                final = update.FinishReason is not null;
                return Of(usage);
            }
        }

        return null;
    }
}
