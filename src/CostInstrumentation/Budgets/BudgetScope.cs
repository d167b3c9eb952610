namespace CostInstrumentation;

/// <summary>Which calls a budget counts: all of them, or those with one value of a record field.</summary>
public enum BudgetScope
{
    /// <summary>Every metered call of the process.</summary>
    Global,

    /// <summary>Calls to one provider (<see cref="LlmCallRecord.Provider"/>).</summary>
    Provider,

    /// <summary>Calls to one model (<see cref="LlmCallRecord.Model"/>).</summary>
    Model,

    /// <summary>Calls attributed to one project.</summary>
    Project,

    /// <summary>Calls of one session.</summary>
    Session,

    /// <summary>Calls carrying one tag.</summary>
    Tag,

    /// <summary>
    /// Calls of one metered method (<c>Namespace.Type.Method</c>), or of every metered method of a type when the
    /// value ends with <c>.*</c> (<c>Namespace.Type.*</c>).
    /// </summary>
    Operation,
}
