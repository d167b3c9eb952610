namespace CostInstrumentation;

/// <summary>How a metered call ended.</summary>
public enum LlmCallOutcome
{
    /// <summary>The call returned a result.</summary>
    Ok,

    /// <summary>The call threw; <see cref="LlmCallRecord.ErrorType"/> names the exception.</summary>
    Error,

    /// <summary>The call was cancelled (an <see cref="OperationCanceledException"/>), or a stream was abandoned early.</summary>
    Cancelled,

    /// <summary>A hard budget limit stopped the call before it ran.</summary>
    Blocked,

    /// <summary>
    /// A stream ended without the provider's final usage report (OpenAI's usage chunk, Anthropic's <c>message_delta</c>,
    /// a Microsoft.Extensions.AI <c>UsageContent</c>): its cost is a lower bound (<see cref="LlmCallRecord.CostIsLowerBound"/>)
    /// when input usage was seen, else unknown.
    /// </summary>
    Incomplete,
}
