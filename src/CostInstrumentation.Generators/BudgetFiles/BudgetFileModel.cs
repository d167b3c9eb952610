using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Common;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.Generators.BudgetFiles;

/// <summary>One valid budget of a budget file, as the runtime's <c>LlmBudget</c> takes it.</summary>
/// <param name="Scope">Which calls the budget counts.</param>
/// <param name="Value">What the scope applies to; empty for a global budget.</param>
/// <param name="Period">The period the spend is counted over.</param>
/// <param name="HasWarnAt">True when the file sets <c>warnAt</c>, even to <c>[]</c> (no warning thresholds); else the runtime default applies.</param>
/// <param name="FallbackSpan">Where the fallback model is written, to report it when it is not priced.</param>
internal sealed record BudgetFileEntry(
    BudgetScopeKind Scope,
    string Value,
    BudgetPeriodKind Period,
    decimal LimitUsd,
    bool HardLimit,
    string Fallback,
    TextSpan FallbackSpan,
    LinePositionSpan FallbackLineSpan,
    EquatableArray<decimal> WarnAt,
    bool HasWarnAt);

/// <summary>Everything kept of one budget file.</summary>
internal sealed record BudgetFile(string Path, EquatableArray<BudgetFileEntry> Entries, EquatableArray<DiagnosticInfo> Diagnostics);
