namespace CostInstrumentation.Contract;

/// <summary>The runtime's <c>BudgetScope</c>: the same members, in the same order (a test checks both ways).</summary>
internal enum BudgetScopeKind
{
    Global,
    Provider,
    Model,
    Project,
    Session,
    Tag,
    Operation,
}

/// <summary>The runtime's <c>BudgetPeriod</c>: the same members, in the same order (a test checks both ways).</summary>
internal enum BudgetPeriodKind
{
    PerCall,
    Day,
    Week,
    Month,
    Year,
}
