using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Diagnostics;
using CostInstrumentation.Generators.Pricing.Model;
using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>What LLMC101 and LLMC105 say about one model name written in code.</summary>
internal static class ModelNameCheck
{
    public static Diagnostic? Check(string model, Location location, PriceLookup prices, CostAnalyzerOptions options, DateTime today)
    {
        if (prices.IsEmpty || model.Length == 0)
        {
            return null;
        }

        if (!prices.TryGet(model, out PriceEntry entry))
        {
            IReadOnlyList<string> nearest = prices.Nearest(model);
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticProperties.Suggestions, string.Join(DiagnosticProperties.Separator.ToString(), nearest));
            return Diagnostic.Create(DiagnosticDescriptors.UnknownModel, location, properties, model, NearestNames.Suggestion(nearest));
        }

        if (!DateTime.TryParseExact(entry.DeprecationDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime deprecated))
        {
            return null;
        }

        int daysLeft = (int)(deprecated.Date - today.Date).TotalDays;
        if (daysLeft > options.DeprecationWarningDays)
        {
            return null;
        }

        string when = daysLeft > 0
            ? $"will be deprecated on {entry.DeprecationDate}, in {daysLeft.ToString(CultureInfo.InvariantCulture)} days"
            : $"is deprecated since {entry.DeprecationDate}";
        bool successorPriced = entry.Successor.Length > 0 && prices.TryGet(entry.Successor, out _);
        string advice = successorPriced ? $"; switch to its successor '{entry.Successor}'" : "; switch to a current model";
        ImmutableDictionary<string, string?> deprecatedProperties = successorPriced
            ? ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.Successor, entry.Successor)
            : ImmutableDictionary<string, string?>.Empty;

        return Diagnostic.Create(DiagnosticDescriptors.DeprecatedModel, location, deprecatedProperties, model, when, advice);
    }
}
