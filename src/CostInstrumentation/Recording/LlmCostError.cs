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

    /// <summary>
    /// Turning what a shim observed into a record failed (a bug, not a sink): the call is not recorded and its
    /// reservation is released.
    /// </summary>
    MeteringFailed,

    /// <summary>Checking a call against its budgets before it ran failed: the call was let through, holding no reservation.</summary>
    BudgetCheckFailed,

    /// <summary>Counting a recorded call's cost against its budgets failed: the sinks still receive the record.</summary>
    BudgetSettlementFailed,

    /// <summary>The budgets' database could not be opened, read or closed: budgets count from zero and alerts are not stored.</summary>
    BudgetStoreFailed,

    /// <summary>Recording a call's metrics failed (e.g. a metrics listener threw): the sinks still receive the record.</summary>
    MetricsFailed,

    /// <summary>A <see cref="LlmCostTracker.BudgetAlert"/> handler threw: the alert is still stored and posted.</summary>
    AlertHandlerFailed,

    /// <summary>The configured logger threw: what it was given is still raised on <see cref="LlmCostTracker.Error"/>.</summary>
    LoggerFailed,
}

/// <summary>A metering problem, raised on <see cref="LlmCostPipeline.Error"/> (and <see cref="LlmCostTracker.Error"/> for the configured pipeline).</summary>
public sealed class LlmCostErrorEventArgs(LlmCostErrorKind kind, string message, Exception? exception = null) : EventArgs
{
    /// <summary>What kind of problem.</summary>
    public LlmCostErrorKind Kind { get; } = kind;

    /// <summary>What happened and what to do.</summary>
    public string Message { get; } = message;

    /// <summary>The exception, when there was one.</summary>
    public Exception? Exception { get; } = exception;
}
