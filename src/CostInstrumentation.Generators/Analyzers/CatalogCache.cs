using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using CostInstrumentation.Generators.Pricing;
using CostInstrumentation.Generators.Pricing.Model;
using CostInstrumentation.Generators.Pricing.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>
/// The price catalogue the generator builds, read by analyzers from the same AdditionalFiles. Every analyzer
/// asks once per compilation; parsed files are kept per <see cref="SourceText"/> (the IDE hands the same
/// instance until the file changes), the merged lookup per compilation, and the last merged lookup for the next
/// compilation of the same files (the IDE makes one per edit), so the 1.5 MB LiteLLM file is parsed and merged once,
/// not once per analyzer or per edit.
/// </summary>
internal static class CatalogCache
{
    private static readonly ConditionalWeakTable<SourceText, StrongBox<PricingFile?>> s_files = new();
    private static readonly ConditionalWeakTable<Compilation, Merged> s_catalogs = new();
    private static Merged? s_last;

    public static PriceLookup Get(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        List<CatalogInput> inputs = new();
        foreach (AdditionalText file in options.AdditionalFiles)
        {
            AnalyzerConfigOptions fileOptions = options.AnalyzerConfigOptionsProvider.GetOptions(file);
            if (PricingOptions.IsPricingFile(fileOptions) && file.GetText(cancellationToken) is { } text)
            {
                inputs.Add(new CatalogInput(file.Path, text, PricingOptions.IsDefaultPricingFile(fileOptions)));
            }
        }

        if (s_catalogs.TryGetValue(compilation, out Merged? cached) && cached.Inputs.SequenceEqual(inputs))
        {
            return cached.Lookup;
        }

        Merged merged;
        if (Volatile.Read(ref s_last) is { } last && last.Inputs.SequenceEqual(inputs))
        {
            merged = last;
        }
        else
        {
            ImmutableArray<PricingFile> files = inputs.Select(i => Parse(i.Path, i.Text, i.IsDefault, cancellationToken)).ToImmutableArray();
            merged = new(inputs.ToImmutableArray(), files.IsEmpty ? PriceLookup.Empty : new PriceLookup(CatalogMerger.Merge(files, cancellationToken).Entries));
            Volatile.Write(ref s_last, merged);
        }

        // Analyzers of one compilation race here; whichever stores first wins, the others' work is discarded.
        return s_catalogs.GetValue(compilation, _ => merged) is { } stored && stored.Inputs.SequenceEqual(inputs) ? stored.Lookup : merged.Lookup;
    }

    private static PricingFile Parse(string path, SourceText text, bool isDefault, CancellationToken cancellationToken)
    {
        StrongBox<PricingFile?> box = s_files.GetValue(text, static _ => new StrongBox<PricingFile?>());
        if (Volatile.Read(ref box.Value) is { } file && file.Path == path && file.IsDefault == isDefault)
        {
            return file;
        }

        PricingFile parsed = PricingFileParser.Parse(path, text, isDefault, cancellationToken);
        Volatile.Write(ref box.Value, parsed);
        return parsed;
    }

    /// <summary>One pricing file as a compilation sees it; texts compare by reference (the same instance means unchanged).</summary>
    private readonly record struct CatalogInput(string Path, SourceText Text, bool IsDefault);

    private sealed class Merged
    {
        public Merged(ImmutableArray<CatalogInput> inputs, PriceLookup lookup)
        {
            Inputs = inputs;
            Lookup = lookup;
        }

        public ImmutableArray<CatalogInput> Inputs { get; }

        public PriceLookup Lookup { get; }
    }
}
