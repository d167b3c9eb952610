using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Json;
using CostInstrumentation.Generators.Pricing.Parse;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.Generators.BudgetFiles;

/// <summary>
/// Reads a budget file (<c>{ "budgets": [ { "scope", "value", "period", "limitUsd", … } ] }</c>, docs/configuration.md).
/// An invalid budget is reported (LLMC203) at the JSON token and left out, never declared half-right.
/// </summary>
internal static class BudgetFileParser
{
    private static readonly string[] Fields = { "scope", "value", "period", "limitUsd", "hardLimit", "fallback", "warnAt" };

    private static readonly Dictionary<string, BudgetScopeKind> Scopes = BudgetSpellings.AllScopes.ToDictionary(BudgetSpellings.Stored, s => s, StringComparer.Ordinal);

    private static readonly Dictionary<string, BudgetPeriodKind> Periods = BudgetSpellings.AllPeriods.ToDictionary(BudgetSpellings.InFile, p => p, StringComparer.Ordinal);

    public static BudgetFile Parse(string path, SourceText? text, CancellationToken cancellationToken)
    {
        ParseContext context = new(path, text ?? SourceText.From(string.Empty), cancellationToken);
        List<BudgetFileEntry> entries = new();
        string content = text?.ToString() ?? string.Empty;
        JsonNode? root = JsonParser.Parse(content, out JsonSyntaxError? error, cancellationToken);
        if (root is null)
        {
            int position = error?.Position ?? 0;
            context.Report(DiagnosticIds.InvalidBudget, position, Math.Min(1, Math.Max(0, content.Length - position)), $"Budget file '{System.IO.Path.GetFileName(path)}' is not valid JSON: {error?.Message ?? "it could not be read"}");
        }
        else if (root.Kind != JsonKind.Object || root.Property("budgets") is not { Kind: JsonKind.Array } budgets)
        {
            context.Report(DiagnosticIds.InvalidBudget, root.Start, Math.Min(root.Length, 1), "A budget file is an object with a 'budgets' array");
        }
        else
        {
            foreach (JsonNode budget in budgets.Items)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Read(budget, context) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }

        return new BudgetFile(path, entries.ToEquatableArray(), context.Diagnostics.ToEquatableArray());
    }

    private static BudgetFileEntry? Read(JsonNode budget, ParseContext context)
    {
        if (budget.Kind != JsonKind.Object)
        {
            context.Report(DiagnosticIds.InvalidBudget, budget, $"A budget is an object, but this is {budget.Describe()}");
            return null;
        }

        bool valid = true;
        foreach (JsonProperty property in budget.Properties.Where(p => Array.IndexOf(Fields, p.Name) < 0))
        {
            string[] nearest = NearestNames.Find(property.Name, Fields, 1).ToArray();
            context.Report(DiagnosticIds.InvalidBudget, property, $"Unknown budget field '{property.Name}'{NearestNames.Suggestion(nearest)}");
            valid = false;
        }

        // JSON allows a key twice; which occurrence was meant is a guess, so the budget is rejected (as LLMC002 does for prices).
        HashSet<string> seen = new(StringComparer.Ordinal);
        foreach (JsonProperty property in budget.Properties)
        {
            if (!seen.Add(property.Name))
            {
                context.Report(DiagnosticIds.InvalidBudget, property, $"'{property.Name}' is given twice in this budget");
                valid = false;
            }
        }

        BudgetScopeKind? scope = Choice(budget, "scope", Scopes, context, ref valid);
        BudgetPeriodKind? period = Choice(budget, "period", Periods, context, ref valid);
        string value = string.Empty;
        JsonProperty? valueProperty = budget.Properties.FirstOrDefault(p => p.Name == "value");
        if (scope == BudgetScopeKind.Global)
        {
            if (valueProperty is not null)
            {
                context.Report(DiagnosticIds.InvalidBudget, valueProperty, "A global budget has no 'value'");
                valid = false;
            }
        }
        else if (scope is not null)
        {
            if (valueProperty?.Value is { Kind: JsonKind.String, Text: { Length: > 0 } text } && ParseContext.IsSafeText(text))
            {
                value = text;
            }
            else
            {
                string name = BudgetSpellings.Stored(scope.Value);
                Report(context, valueProperty, budget, $"A {name} budget needs the {name} it applies to as a non-empty string 'value'");
                valid = false;
            }
        }

        decimal limit = 0m;
        JsonProperty? limitProperty = budget.Properties.FirstOrDefault(p => p.Name == "limitUsd");
        if (limitProperty?.Value is not { Kind: JsonKind.Number } limitNode || DecimalText.TryParse(limitNode.Text!, out limit) is not null || limit <= 0m)
        {
            Report(context, limitProperty, budget, "'limitUsd' must be a number greater than zero");
            valid = false;
        }

        bool hardLimit = false;
        if (budget.Properties.FirstOrDefault(p => p.Name == "hardLimit") is { } hardProperty)
        {
            if (hardProperty.Value.Kind is JsonKind.True or JsonKind.False)
            {
                hardLimit = hardProperty.Value.Kind == JsonKind.True;
            }
            else
            {
                context.Report(DiagnosticIds.InvalidBudget, hardProperty.Value, "'hardLimit' must be true or false");
                valid = false;
            }
        }

        string fallback = string.Empty;
        TextSpan fallbackSpan = default;
        LinePositionSpan fallbackLineSpan = default;
        if (budget.Properties.FirstOrDefault(p => p.Name == "fallback") is { } fallbackProperty)
        {
            if (fallbackProperty.Value is { Kind: JsonKind.String, Text: { Length: > 0 } model } && ParseContext.IsSafeText(model))
            {
                fallback = model;
                (fallbackSpan, fallbackLineSpan) = context.Locate(fallbackProperty.Value);
            }
            else
            {
                context.Report(DiagnosticIds.InvalidBudget, fallbackProperty.Value, "'fallback' must be a model name");
                valid = false;
            }
        }

        List<decimal> warnAt = new();
        JsonProperty? warnProperty = budget.Properties.FirstOrDefault(p => p.Name == "warnAt");
        if (warnProperty is not null)
        {
            valid &= ReadWarnAt(warnProperty, context, warnAt);
        }

        return valid ? new BudgetFileEntry(scope!.Value, value, period!.Value, limit, hardLimit, fallback, fallbackSpan, fallbackLineSpan, warnAt.ToEquatableArray(), warnProperty is not null) : null;
    }

    private static bool ReadWarnAt(JsonProperty property, ParseContext context, List<decimal> warnAt)
    {
        if (property.Value.Kind != JsonKind.Array)
        {
            context.Report(DiagnosticIds.InvalidBudget, property.Value, "'warnAt' must be an array of fractions between 0 and 1");
            return false;
        }

        foreach (JsonNode item in property.Value.Items)
        {
            if (item.Kind != JsonKind.Number || DecimalText.TryParse(item.Text!, out decimal fraction) is not null || fraction <= 0m || fraction >= 1m)
            {
                context.Report(DiagnosticIds.InvalidBudget, item, "Each 'warnAt' value must be a fraction greater than 0 and less than 1");
                return false;
            }

            if (warnAt.Count > 0 && fraction <= warnAt[warnAt.Count - 1])
            {
                context.Report(DiagnosticIds.InvalidBudget, item, "'warnAt' values must be in increasing order");
                return false;
            }

            warnAt.Add(fraction);
        }

        return true;
    }

    private static T? Choice<T>(JsonNode budget, string name, Dictionary<string, T> choices, ParseContext context, ref bool valid)
        where T : struct
    {
        JsonProperty? property = budget.Properties.FirstOrDefault(p => p.Name == name);
        if (property?.Value is { Kind: JsonKind.String, Text: { } text } && choices.TryGetValue(text, out T member))
        {
            return member;
        }

        Report(context, property, budget, $"'{name}' must be one of {string.Join(", ", choices.Keys.Select(k => "\"" + k + "\""))}");
        valid = false;
        return null;
    }

    /// <summary>At the value when the field is there, else at the budget object's opening brace.</summary>
    private static void Report(ParseContext context, JsonProperty? property, JsonNode budget, string message)
    {
        if (property is null)
        {
            context.Report(DiagnosticIds.InvalidBudget, budget.Start, 1, message + " (it is missing)");
        }
        else
        {
            context.Report(DiagnosticIds.InvalidBudget, property.Value, message);
        }
    }
}
