namespace CostInstrumentation.Contract;

/// <summary>The token counts of the most expensive call a model allows (docs/cost-rules.md, "The worst case of one call").</summary>
internal readonly struct WorstCaseTokens
{
    public WorstCaseTokens(long? inputTokens, long? outputTokens)
    {
        InputTokens = inputTokens;
        OutputTokens = outputTokens;
    }

    /// <summary>Null when neither the call nor the model bounds the input.</summary>
    public long? InputTokens { get; }

    /// <summary>Null when neither the call nor the model bounds the output.</summary>
    public long? OutputTokens { get; }

    /// <summary>True when both counts are bounded, so the call has a worst-case cost.</summary>
    public bool IsBounded => InputTokens is not null && OutputTokens is not null;
}

/// <summary>
/// The rule for "the worst case of one call", used by LLMC202 and budget reservations: the input is the known input,
/// else the model's context window; the output is the known output cap (at most the model's), else the model's
/// maximum output. The counts are then priced by the model's own rules (its tiers included).
/// </summary>
internal static class WorstCaseCall
{
    /// <param name="knownInputTokens">The call's input, when it is known before the call.</param>
    /// <param name="knownMaxOutputTokens">The call's output cap (a max-tokens argument), when known.</param>
    /// <param name="contextWindow">The model's maximum input tokens, when the pricing states it.</param>
    /// <param name="modelMaxOutputTokens">The model's maximum output tokens, when the pricing states it.</param>
    public static WorstCaseTokens Tokens(long? knownInputTokens, long? knownMaxOutputTokens, long? contextWindow, long? modelMaxOutputTokens)
    {
        long? output = knownMaxOutputTokens is long cap
            ? (modelMaxOutputTokens is long max && max < cap ? max : cap)
            : modelMaxOutputTokens;
        return new WorstCaseTokens(knownInputTokens ?? contextWindow, output);
    }
}
