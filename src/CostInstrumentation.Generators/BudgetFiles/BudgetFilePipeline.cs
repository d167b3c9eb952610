using System;
using System.Collections.Immutable;
using System.Linq;
using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Analyzers;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Pricing.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CostInstrumentation.Generators.BudgetFiles;

/// <summary>
/// Budget files (AdditionalFiles with <c>LlmBudgets="true"</c>) → validated budgets → <c>LlmBudgetFiles.g.cs</c>.
/// Diagnostics in the JSON come from here, where the file is parsed anyway; code analyzers read the same files for LLMC201.
/// </summary>
internal static class BudgetFilePipeline
{
    public const string BudgetsMetadata = "build_metadata.AdditionalFiles.LlmBudgets";

    public static bool IsBudgetFile(AnalyzerConfigOptions options) =>
        options.TryGetValue(BudgetsMetadata, out string? value) && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    public static void Register(IncrementalGeneratorInitializationContext context, IncrementalValueProvider<PriceCatalog> catalog, IncrementalValueProvider<bool> hasRuntime)
    {
        IncrementalValuesProvider<BudgetFile> files = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(static pair => IsBudgetFile(pair.Right.GetOptions(pair.Left)))
            .Select(static (pair, cancellationToken) => BudgetFileParser.Parse(pair.Left.Path, pair.Left.GetText(cancellationToken), cancellationToken))
            .WithTrackingName(TrackingNames.BudgetFiles);

        context.RegisterSourceOutput(files.Combine(catalog), static (output, pair) =>
        {
            foreach (DiagnosticInfo diagnostic in pair.Left.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            ReportUnpricedFallbacks(output, pair.Left, pair.Right);
        });

        context.RegisterSourceOutput(files.Collect().Combine(hasRuntime), static (output, pair) =>
        {
            ImmutableArray<BudgetFile> ordered = pair.Left.OrderBy(f => f.Path, StringComparer.Ordinal).ToImmutableArray();
            if (pair.Right && ordered.Any(f => f.Entries.Count > 0))
            {
                output.AddSource(BudgetFileEmitter.HintName, BudgetFileEmitter.Emit(ordered));
            }
        });
    }

    private static void ReportUnpricedFallbacks(SourceProductionContext output, BudgetFile file, PriceCatalog catalog)
    {
        if (catalog.IsEmpty)
        {
            return;
        }

        PriceLookup prices = new(catalog.Entries);
        foreach (BudgetFileEntry entry in file.Entries.Where(e => e.Fallback.Length > 0 && !prices.TryGet(e.Fallback, out _)))
        {
            string suggestion = NearestNames.Suggestion(prices.Nearest(entry.Fallback));
            output.ReportDiagnostic(new DiagnosticInfo(DiagnosticIds.UnknownModel, file.Path, entry.FallbackSpan, entry.FallbackLineSpan, new EquatableArray<string>(new[] { entry.Fallback, suggestion })).ToDiagnostic());
        }
    }
}
