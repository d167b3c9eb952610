using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Common;

namespace CostInstrumentation.Generators.Budgets;

/// <summary>
/// One budget an <c>[LlmBudget]</c> declares, as plain values: scope and period, amounts as the decimal literal text
/// the attribute's double spells (shortest round-trip form), and where it was declared.
/// </summary>
internal sealed record BudgetDeclaration(
    BudgetScopeKind Scope,
    string ScopeValue,
    BudgetPeriodKind Period,
    string LimitUsd,
    bool HardLimit,
    string Fallback,
    EquatableArray<string> WarnAt,
    bool HasWarnAt,
    string Source);
