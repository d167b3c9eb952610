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
/// instance until the file changes), and the merged lookup per compilation, so the 1.5 MB LiteLLM file is
/// parsed once, not once per analyzer or per edit.
/// </summary>
internal static class CatalogCache
{
    private static readonly ConditionalWeakTable<SourceText, StrongBox<PricingFile?>> s_files = new();
    private static readonly ConditionalWeakTable<Compilation, Merged> s_catalogs = new();

    public static PriceLookup Get(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        List<(AdditionalText File, SourceText Text, bool IsDefault)> inputs = new();
        foreach (AdditionalText file in options.AdditionalFiles)
        {
            AnalyzerConfigOptions fileOptions = options.AnalyzerConfigOptionsProvider.GetOptions(file);
            if (PricingOptions.IsPricingFile(fileOptions) && file.GetText(cancellationToken) is { } text)
            {
                inputs.Add((file, text, PricingOptions.IsDefaultPricingFile(fileOptions)));
            }
        }

        ImmutableArray<SourceText> texts = inputs.Select(i => i.Text).ToImmutableArray();
        if (s_catalogs.TryGetValue(compilation, out Merged? cached) && cached.Texts.SequenceEqual(texts))
        {
            return cached.Lookup;
        }

        ImmutableArray<PricingFile> files = inputs.Select(i => Parse(i.File.Path, i.Text, i.IsDefault, cancellationToken)).ToImmutableArray();
        PriceLookup lookup = files.IsEmpty ? PriceLookup.Empty : new PriceLookup(CatalogMerger.Merge(files, cancellationToken).Entries);
        Merged merged = new(texts, lookup);

        // Analyzers of one compilation race here; whichever stores first wins, the others' work is discarded.
        return s_catalogs.GetValue(compilation, _ => merged) is { } stored && stored.Texts.SequenceEqual(texts) ? stored.Lookup : lookup;
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

    private sealed class Merged
    {
        public Merged(ImmutableArray<SourceText> texts, PriceLookup lookup)
        {
            Texts = texts;
            Lookup = lookup;
        }

        public ImmutableArray<SourceText> Texts { get; }

        public PriceLookup Lookup { get; }
    }
}
