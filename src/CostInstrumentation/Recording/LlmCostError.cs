namespace CostInstrumentation;

/// <summary>What went wrong while metering a call. None of these reach the metered method's caller.</summary>
public enum LlmCostErrorKind
{
    /// <summary>A sink threw while writing or flushing.</summary>
    SinkFailed,

    /// <summary>The call's model is in no price table: its cost is recorded as unknown.</summary>
    ModelNotPriced,

    /// <summary>The usage the response reported breaks the canonical invariants: its cost is recorded as unknown.</summary>
    InvalidUsage,

    /// <summary>The usage could not be read from the response (e.g. it had none): its cost is recorded as unknown.</summary>
    UsageUnavailable,

    /// <summary>A budget alert could not be stored or delivered (database or webhook failure, full queue).</summary>
    AlertDeliveryFailed,

    /// <summary>A budget (e.g. a row of the <c>budgets</c> table) is invalid and is not enforced.</summary>
    InvalidBudget,
}

/// <summary>A metering problem, raised on <see cref="LlmCostTracker.Error"/>.</summary>
public sealed class LlmCostErrorEventArgs(LlmCostErrorKind kind, string message, Exception? exception = null) : EventArgs
{
    /// <summary>What kind of problem.</summary>
    public LlmCostErrorKind Kind { get; } = kind;

    /// <summary>What happened and what to do.</summary>
    public string Message { get; } = message;

    /// <summary>The exception, when there was one.</summary>
    public Exception? Exception { get; } = exception;
}
