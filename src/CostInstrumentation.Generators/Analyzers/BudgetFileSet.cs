using System;
using System.Collections.Generic;
using CostInstrumentation.Contract;
using CostInstrumentation.Generators.BudgetFiles;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>The budgets declared in budget files, as far as LLMC201 and LLMC202 ask: does one cover a method's calls?</summary>
internal sealed class BudgetFileSet
{
    public static readonly BudgetFileSet Empty = new(Array.Empty<BudgetFileEntry>());

    private readonly IReadOnlyList<BudgetFileEntry> _entries;

    public BudgetFileSet(IReadOnlyList<BudgetFileEntry> entries) => _entries = entries;

    /// <summary>
    /// True when a budget covers the calls, matched by the runtime's own predicate (<see cref="BudgetScopeMatch"/>); the
    /// session and tags are known only at run time, so no session or tag budget is seen to cover a call here.
    /// </summary>
    public bool Covers(PriceLookup prices, string model, string provider, string project, string operation)
    {
        foreach (BudgetFileEntry entry in _entries)
        {
            if (Matches(prices, entry, model, provider, project, operation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The smallest per-call limit that applies, matched as <see cref="Covers"/> matches; null when none.</summary>
    public decimal? SmallestPerCall(PriceLookup prices, string model, string provider, string project, string operation)
    {
        decimal? smallest = null;
        foreach (BudgetFileEntry entry in _entries)
        {
            if (entry.Period == BudgetPeriodKind.PerCall && Matches(prices, entry, model, provider, project, operation) && (smallest is null || entry.LimitUsd < smallest))
            {
                smallest = entry.LimitUsd;
            }
        }

        return smallest;
    }

    private static bool Matches(PriceLookup prices, BudgetFileEntry entry, string model, string provider, string project, string operation) =>
        BudgetScopeMatch.Covers(entry.Scope, entry.Value, provider, model, project.Length == 0 ? null : project, sessionId: null, tags: null, operation, prices.SameModel);
}
