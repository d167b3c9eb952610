using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using CostInstrumentation.Generators.BudgetFiles;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>Budget files read by analyzers, parsed once per <see cref="SourceText"/>.</summary>
internal static class BudgetFileCache
{
    private static readonly ConditionalWeakTable<SourceText, StrongBox<BudgetFile?>> s_files = new();

    public static BudgetFileSet Get(AnalyzerOptions options, CancellationToken cancellationToken)
    {
        List<BudgetFileEntry> entries = new();
        foreach (AdditionalText file in options.AdditionalFiles)
        {
            if (BudgetFilePipeline.IsBudgetFile(options.AnalyzerConfigOptionsProvider.GetOptions(file)) && file.GetText(cancellationToken) is { } text)
            {
                entries.AddRange(Parse(file.Path, text, cancellationToken).Entries);
            }
        }

        return entries.Count == 0 ? BudgetFileSet.Empty : new BudgetFileSet(entries);
    }

    private static BudgetFile Parse(string path, SourceText text, CancellationToken cancellationToken)
    {
        StrongBox<BudgetFile?> box = s_files.GetValue(text, static _ => new StrongBox<BudgetFile?>());
        if (Volatile.Read(ref box.Value) is { } file && file.Path == path)
        {
            return file;
        }

        BudgetFile parsed = BudgetFileParser.Parse(path, text, cancellationToken);
        Volatile.Write(ref box.Value, parsed);
        return parsed;
    }
}
