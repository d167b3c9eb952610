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

    /// <summary>True when a global budget, or one for the model (by id or as written), provider or project exists.</summary>
    public bool Covers(string model, string modelAsWritten, string provider, string project)
    {
        foreach (BudgetFileEntry entry in _entries)
        {
            bool covers = entry.Scope switch
            {
                "Global" => true,
                "Model" => entry.Value == model || entry.Value == modelAsWritten,
                "Provider" => provider.Length > 0 && entry.Value == provider,
                "Project" => project.Length > 0 && entry.Value == project,
                _ => false,
            };
            if (covers)
            {
                return true;
            }
        }

        return false;
    }
}
