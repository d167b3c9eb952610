using System;
using System.Globalization;
using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Pricing.Emit;
using CostInstrumentation.Generators.Pricing.Model;
using CostInstrumentation.Generators.Pricing.Parse;
using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Generators.Pricing;

/// <summary>
/// Pricing JSON (AdditionalFiles with <c>LlmPricing="true"</c>) → validated catalogue → a frozen table
/// registered with <c>LlmPricing</c> at module start-up. Each file is parsed on its own, so editing C#
/// or one pricing file never re-parses the others.
/// </summary>
internal static class PricingPipeline
{
    /// <param name="hasRuntime">Whether the compilation references the runtime the generated table registers with.</param>
    /// <returns>The merged catalogue, for the metering shims to fold constant prices in.</returns>
    public static IncrementalValueProvider<PriceCatalog> Register(IncrementalGeneratorInitializationContext context, IncrementalValueProvider<bool> hasRuntime)
    {
        IncrementalValuesProvider<PricingFile> files = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) =>
            {
                var options = pair.Right.GetOptions(pair.Left);
                return PricingOptions.IsPricingFile(options)
                    ? PricingFileParser.Parse(pair.Left.Path, pair.Left.GetText(cancellationToken), PricingOptions.IsDefaultPricingFile(options), cancellationToken)
                    : null;
            })
            .Where(static file => file is not null)
            .Select(static (file, _) => file!)
            .WithTrackingName(TrackingNames.PricingFiles);

        IncrementalValueProvider<PriceCatalog> catalog = files.Collect()
            .Select(static (all, cancellationToken) => CatalogMerger.Merge(all, cancellationToken))
            .WithTrackingName(TrackingNames.Catalog);

        IncrementalValueProvider<int> staleDays = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => PricingOptions.StaleDays(options.GlobalOptions))
            .WithTrackingName(TrackingNames.StaleDays);

        context.RegisterSourceOutput(files.Combine(staleDays), static (output, pair) => ReportDiagnostics(output, pair.Left, pair.Right));

        context.RegisterSourceOutput(catalog.Combine(hasRuntime), static (output, pair) =>
        {
            if (!pair.Left.IsEmpty && pair.Right)
            {
                output.AddSource(PriceTableEmitter.HintName, PriceTableEmitter.Emit(pair.Left));
            }
        });
        return catalog;
    }

    private static void ReportDiagnostics(SourceProductionContext output, PricingFile file, int staleDays)
    {
        foreach (DiagnosticInfo diagnostic in file.Diagnostics)
        {
            output.ReportDiagnostic(diagnostic.ToDiagnostic());
        }

        if (staleDays > 0 && DateTime.TryParseExact(file.AsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTime asOf))
        {
            int age = (int)(DateTime.UtcNow.Date - asOf.Date).TotalDays;
            if (age > staleDays)
            {
                output.ReportDiagnostic(new DiagnosticInfo(
                    DiagnosticIds.StalePricing,
                    file.Path,
                    file.AsOfSpan,
                    file.AsOfLineSpan,
                    new EquatableArray<string>(new[] { System.IO.Path.GetFileName(file.Path), file.AsOf, age.ToString(CultureInfo.InvariantCulture), staleDays.ToString(CultureInfo.InvariantCulture) })).ToDiagnostic());
            }
        }
    }
}

