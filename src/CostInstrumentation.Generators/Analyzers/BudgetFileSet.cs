using System;
using System.Collections.Generic;
using CostInstrumentation.Generators.BudgetFiles;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>The budgets declared in budget files, as far as LLMC201 asks: does one cover a model?</summary>
internal sealed class BudgetFileSet
{
    public static readonly BudgetFileSet Empty = new(Array.Empty<BudgetFileEntry>());

    private readonly IReadOnlyList<BudgetFileEntry> _entries;

    public BudgetFileSet(IReadOnlyList<BudgetFileEntry> entries) => _entries = entries;

    /// <summary>
    /// True when a global budget, or one for the model, provider, project or operation exists — matched as the runtime
    /// matches them (BudgetSubject): the model as written (a call records it so, alias included), the provider ignoring
    /// case, an operation exactly or by an <c>Ns.Type.*</c> prefix.
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

    /// <summary>The smallest per-call (<c>"period": "call"</c>) limit that applies, matched as <see cref="Covers"/> matches; null when none.</summary>
    public decimal? SmallestPerCall(PriceLookup prices, string model, string provider, string project, string operation)
    {
        decimal? smallest = null;
        foreach (BudgetFileEntry entry in _entries)
        {
            if (entry.Period == "PerCall" && Matches(prices, entry, model, provider, project, operation) && (smallest is null || entry.LimitUsd < smallest))
            {
                smallest = entry.LimitUsd;
            }
        }

        return smallest;
    }

    private static bool Matches(PriceLookup prices, BudgetFileEntry entry, string model, string provider, string project, string operation) => entry.Scope switch
    {
        "Global" => true,
        "Model" => prices.SameModel(entry.Value, model),
        "Provider" => provider.Length > 0 && string.Equals(entry.Value, provider, StringComparison.OrdinalIgnoreCase),
        "Project" => project.Length > 0 && entry.Value == project,
        "Operation" => entry.Value.EndsWith(".*", StringComparison.Ordinal)
            ? operation.StartsWith(entry.Value.Substring(0, entry.Value.Length - 1), StringComparison.Ordinal)
            : entry.Value == operation,
        _ => false,
    };
}
