using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Diagnostics;
using CostInstrumentation.Generators.Pricing.Model;
using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>What LLMC101 and LLMC105 say about one model name written in code.</summary>
internal static class ModelNameCheck
{
    /// <summary>Diagnostic property: the model as written.</summary>
    public const string ModelProperty = "Model";

    /// <summary>Diagnostic property: the suggested replacements, separated by <see cref="Separator"/>, best first.</summary>
    public const string SuggestionsProperty = "Suggestions";

    /// <summary>Diagnostic property: the priced successor of a deprecated model.</summary>
    public const string SuccessorProperty = "Successor";

    public const char Separator = '|';

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
                .Add(ModelProperty, model)
                .Add(SuggestionsProperty, string.Join(Separator.ToString(), nearest));
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
        ImmutableDictionary<string, string?> deprecatedProperties = ImmutableDictionary<string, string?>.Empty.Add(ModelProperty, model);
        if (successorPriced)
        {
            deprecatedProperties = deprecatedProperties.Add(SuccessorProperty, entry.Successor);
        }

        return Diagnostic.Create(DiagnosticDescriptors.DeprecatedModel, location, deprecatedProperties, model, when, advice);
    }
}
