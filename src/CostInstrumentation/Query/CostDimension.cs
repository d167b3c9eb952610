namespace CostInstrumentation;

/// <summary>What <see cref="LlmCostQuery.Breakdown"/> groups calls by.</summary>
public enum CostDimension
{
    /// <summary>The model id.</summary>
    Model,

    /// <summary>The provider.</summary>
    Provider,

    /// <summary>The project; calls without one are under the empty key (shown as "(none)").</summary>
    Project,

    /// <summary>Each tag of a call: a call with two tags counts under both; untagged calls are under the empty key.</summary>
    Tag,

    /// <summary>The session id; calls without one are under the empty key.</summary>
    Session,

    /// <summary>The metered method (<c>Namespace.Type.Method</c>).</summary>
    Operation,

    /// <summary>The call site (<c>file:line</c>).</summary>
    CallSite,

    /// <summary>The UTC day, keyed <c>yyyy-MM-dd</c>.</summary>
    Day,
}
