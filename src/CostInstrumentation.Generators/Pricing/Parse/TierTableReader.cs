using CostInstrumentation.Contract;
using System;
using System.Collections.Generic;
using System.Globalization;
using CostInstrumentation.Generators.Json;

namespace CostInstrumentation.Generators.Pricing.Parse;

/// <summary>
/// Reads a tier table (LiteLLM's <c>tiered_pricing</c>, our <c>tiers</c>): rows of <c>range: [start, end]</c>
/// plus rates, which must be sorted and contiguous so that every input size has exactly one tier.
/// </summary>
internal static class TierTableReader
{
    /// <param name="rateField">Maps a row's field name to a rate field, or null when it is not a rate.</param>
    /// <param name="isKnownOther">True for a documented non-rate field of a row (read past).</param>
    public static void Read(
        JsonProperty property,
        EntryBuilder entry,
        ParseContext context,
        decimal unitTokens,
        Func<string, TableRateField?> rateField,
        Func<string, bool> isKnownOther,
        IReadOnlyList<string> suggestions)
    {
        if (property.Value.Kind != JsonKind.Array || property.Value.Items.Count == 0)
        {
            context.Report(DiagnosticIds.InconsistentTiers, property.Value, $"'{property.Name}' of '{entry.Model}' must be a non-empty list of tiers, but it is {property.Value.Describe()}");
            return;
        }

        List<(long Start, long End, JsonNode Range, List<(TableRateField Field, decimal Rate)> Rates, JsonNode Row)> rows = new();
        bool anyTokenRate = false;
        foreach (JsonNode row in property.Value.Items)
        {
            if (row.Kind != JsonKind.Object)
            {
                context.Report(DiagnosticIds.InconsistentTiers, row, $"A tier of '{entry.Model}' must be an object, but it is {row.Describe()}");
                return;
            }

            JsonNode? range = null;
            List<(TableRateField Field, decimal Rate)> rates = new();
            foreach (JsonProperty field in row.Properties)
            {
                if (field.Name == "range")
                {
                    range = field.Value;
                }
                else if (rateField(field.Name) is { } rate)
                {
                    if (context.TryReadPrice(field, entry.Model, unitTokens, out decimal perToken))
                    {
                        rates.Add((rate, perToken));
                    }
                }
                else if (!isKnownOther(field.Name))
                {
                    context.Report(DiagnosticIds.UnknownField, field, $"Unknown field '{field.Name}' in a tier of '{entry.Model}'{Common.NearestNames.Suggestion(Common.NearestNames.Find(field.Name, suggestions))}");
                }
            }

            anyTokenRate |= rates.Count > 0;
            if (range is null)
            {
                if (rates.Count > 0)
                {
                    context.Report(DiagnosticIds.InconsistentTiers, row, $"A tier of '{entry.Model}' has no 'range': [start, end]");
                    return;
                }

                continue;
            }

            if (!TryReadRange(range, out long start, out long end))
            {
                context.Report(DiagnosticIds.InconsistentTiers, range, $"The range of a tier of '{entry.Model}' must be [start, end] in whole tokens with start < end");
                return;
            }

            rows.Add((start, end, range, rates, row));
        }

        if (!anyTokenRate)
        {
            return; // A table of per-query or per-result prices: nothing here prices tokens.
        }

        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Rates.Count == 0)
            {
                context.Report(DiagnosticIds.InconsistentTiers, rows[i].Row, $"Tier {i + 1} of '{entry.Model}' names no per-token rate");
                return;
            }

            if (i > 0 && rows[i].Start != rows[i - 1].End)
            {
                string problem = rows[i].Start < rows[i - 1].Start ? "is not sorted after"
                    : rows[i].Start < rows[i - 1].End ? "overlaps"
                    : "leaves a gap after";
                context.Report(DiagnosticIds.InconsistentTiers, rows[i].Range, $"Tier {i + 1} of '{entry.Model}' ({Format(rows[i].Start, rows[i].End)}) {problem} tier {i} ({Format(rows[i - 1].Start, rows[i - 1].End)}); tiers must be sorted and contiguous");
                return;
            }
        }

        foreach (var row in rows)
        {
            TableScope scope = TableScope.Range(row.Start, row.End);
            foreach ((TableRateField field, decimal rate) in row.Rates)
            {
                entry.SetRate(scope, field, rate);
            }
        }
    }

    private static bool TryReadRange(JsonNode range, out long start, out long end)
    {
        start = end = 0;
        return range.Kind == JsonKind.Array
            && range.Items.Count == 2
            && TryReadTokens(range.Items[0], out start)
            && TryReadTokens(range.Items[1], out end)
            && start < end;
    }

    private static bool TryReadTokens(JsonNode node, out long tokens)
    {
        tokens = 0;
        if (node.Kind != JsonKind.Number || DecimalText.TryParse(node.Text!, out decimal value) is not null
            || value < 0 || value > long.MaxValue || decimal.Truncate(value) != value)
        {
            return false;
        }

        tokens = (long)value;
        return true;
    }

    private static string Format(long start, long end) =>
        "(" + start.ToString(CultureInfo.InvariantCulture) + ", " + end.ToString(CultureInfo.InvariantCulture) + "]";
}
